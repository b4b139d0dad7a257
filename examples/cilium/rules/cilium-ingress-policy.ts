import './types/cilium.generated.ts';
import { defineRule, labelSelectorMatches } from '@kpc/core';

/**
 * Network, on Cilium: every workload's pods are selected by a CiliumNetworkPolicy of their
 * namespace that has an ingress section (Cilium then denies the ingress the section does not
 * allow). The CiliumNetworkPolicy type comes from the CRD, through `kpc types`.
 */
export default defineRule({
  id: 'cilium-ingress-policy',
  title: 'Workloads must be selected by an ingress CiliumNetworkPolicy',
  description:
    "Some CiliumNetworkPolicy of the workload's namespace must select its pods (endpointSelector) and have an ingress or ingressDeny section.",
  rationale:
    'On a Cilium cluster, a pod that no ingress policy selects accepts traffic from every other pod. Checking each workload against the policies finds the pods a selector misses.',
  remediation:
    "Add a CiliumNetworkPolicy to the namespace whose endpointSelector matches the workload's pod labels (or {} for all pods) with an ingress section.",
  severity: 'medium',
  category: 'Network',
  controls: [
    {
      standard: 'cis',
      id: '5.3.2',
      title: 'Ensure that all Namespaces have Network Policies defined',
    },
  ],
  target: 'PodSpec',
  reads: ['CiliumNetworkPolicy'],
  check: (_spec, { object, metadata, list }) =>
    list('CiliumNetworkPolicy', {
      apiVersion: 'cilium.io/v2',
      namespace: object.metadata?.namespace,
    }).some(
      (p) =>
        (p.spec?.ingress !== undefined || p.spec?.ingressDeny !== undefined) &&
        labelSelectorMatches(p.spec?.endpointSelector, metadata.labels),
    ),
  message: (_spec, { object }) =>
    `no ingress CiliumNetworkPolicy of namespace "${object.metadata?.namespace ?? '(none)'}" selects the pods of ${object.kind} "${object.metadata?.name ?? ''}"`,
  examples: {
    pass: [
      {
        name: 'selected-for-ingress',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: all, namespace: shop}
spec:
  endpointSelector: {}
  ingress: []
`,
      },
    ],
    fail: [
      {
        name: 'egress-only',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  endpointSelector: {}
  egress: []
`,
        offending: ['/spec'],
      },
    ],
  },
});
