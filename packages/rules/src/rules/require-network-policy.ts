import { defineRule } from '@kpc/core';

/** Network: every namespace that runs workloads is isolated for ingress by a default-deny policy. */
export default defineRule({
  id: 'require-network-policy',
  title: 'Namespaces with workloads must have a default-deny ingress NetworkPolicy',
  description:
    "A workload's namespace must hold a NetworkPolicy that selects every pod (empty podSelector) for ingress: the default-deny form.",
  rationale:
    'Without a NetworkPolicy that selects them, pods accept traffic from every pod of the cluster: one compromised workload can reach every other. A default-deny policy per namespace makes every allowed flow explicit.',
  remediation:
    'Add to the namespace a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] (no ingress rules: deny all), then allow the flows each workload needs with further policies.',
  severity: 'medium',
  category: 'Network',
  controls: [
    {
      standard: 'cis',
      id: '5.3.2',
      title: 'Ensure that all Namespaces have Network Policies defined',
    },
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Network policies' },
    { standard: 'bsi', id: 'APP.4.4.A7' },
    { standard: 'bsi', id: 'APP.4.4.A18' },
  ],
  target: 'PodSpec',
  reads: ['NetworkPolicy'],
  check: (_spec, { object, list }) =>
    list('NetworkPolicy', { namespace: object.metadata?.namespace }).some(
      (np) =>
        np.spec?.podSelector !== undefined &&
        Object.keys(np.spec.podSelector).length === 0 &&
        (np.spec.policyTypes ?? ['Ingress']).includes('Ingress'),
    ),
  message: (_spec, { object }) =>
    object.metadata?.namespace === undefined
      ? `${object.kind} "${object.metadata?.name ?? ''}" has no namespace, so no NetworkPolicy can cover it: set metadata.namespace`
      : `namespace "${object.metadata.namespace}" has no default-deny ingress NetworkPolicy (podSelector: {}, policyTypes including Ingress)`,
  notes: [
    'The rule reads the other objects of the set ("the cluster"): kpc lint of a directory or stream, kpc audit of a dump, the admission engine\'s view in the cluster. kpc lint of a single file says the rule needs the whole set instead of deciding.',
    'It is reported at each workload of a namespace without such a policy (the namespace itself need not be among the manifests). A policy with policyTypes unset counts as an ingress policy, as Kubernetes defaults it to Ingress.',
    'An empty podSelector with ingress rules still isolates every pod for ingress (only the listed flows are allowed), so it counts too.',
    'A workload without metadata.namespace matches no policy in lint (kpc does not guess the namespace kubectl would apply it to). In the cluster every object has a namespace.',
    'Admission and audit differ on ordering: a Deployment applied before the NetworkPolicy of its namespace is denied (enforce) at admission; apply the policy first, or run the rule in audit mode.',
  ],
  examples: {
    pass: [
      {
        name: 'default-deny-in-namespace',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
      },
      {
        name: 'policy-types-unset-means-ingress',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  podSelector: {}
`,
      },
    ],
    fail: [
      {
        name: 'no-policy-in-namespace',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: other}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
        offending: ['/spec/template/spec'],
      },
      {
        name: 'egress-only-or-selective-policy',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`,
        offending: ['/spec'],
      },
    ],
  },
});
