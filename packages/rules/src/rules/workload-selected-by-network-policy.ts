import { defineRule, labelSelectorMatches } from '@kpc/core';

/** Network: every workload's pods are selected by some ingress NetworkPolicy of their namespace. */
export default defineRule({
  id: 'workload-selected-by-network-policy',
  title: 'Workloads must be selected by an ingress NetworkPolicy',
  description:
    "Some NetworkPolicy of the workload's namespace must select its pods (by label selector) for ingress.",
  rationale:
    'A pod that no NetworkPolicy selects accepts traffic from anywhere in the cluster, even when its neighbours are isolated. Checking each workload against the selectors finds the pods a policy misses (a typo in a label, a new workload).',
  remediation:
    "Add or widen a NetworkPolicy of the namespace whose podSelector matches the workload's pod labels and whose policyTypes include Ingress (or a default-deny policy with podSelector: {}).",
  severity: 'medium',
  category: 'Network',
  controls: [
    {
      standard: 'cis',
      id: '5.3.2',
      title: 'Ensure that all Namespaces have Network Policies defined',
    },
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Network policies' },
    { standard: 'bsi', id: 'APP.4.4.A18' },
  ],
  target: 'PodSpec',
  reads: ['NetworkPolicy'],
  check: (_spec, { object, metadata, list }) =>
    list('NetworkPolicy', { namespace: object.metadata?.namespace }).some(
      (np) =>
        (np.spec?.policyTypes ?? ['Ingress']).includes('Ingress') &&
        labelSelectorMatches(np.spec?.podSelector, metadata.labels),
    ),
  message: (_spec, { object }) =>
    `no ingress NetworkPolicy of namespace "${object.metadata?.namespace ?? '(none)'}" selects the pods of ${object.kind} "${object.metadata?.name ?? ''}"`,
  notes: [
    "Label selectors are matched as Kubernetes does (labelSelectorMatches: matchLabels and matchExpressions In, NotIn, Exists, DoesNotExist; podSelector: {} selects every pod). The pod labels are the Pod's own or the pod template's.",
    'A policy with policyTypes unset counts as an ingress policy (Kubernetes defaults it to Ingress).',
    'The rule reads the other objects of the set; kpc lint of a single file says it needs the whole set. See require-network-policy for admission ordering.',
  ],
  examples: {
    pass: [
      {
        name: 'selected-by-match-labels',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: gateway}}}]}]
`,
      },
      {
        name: 'selected-by-expression',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {tier: back}}
spec:
  containers:
    - {name: db, image: registry.example.com/db:1.0}
`,
        cluster: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backends, namespace: shop}
spec:
  podSelector:
    matchExpressions: [{key: tier, operator: In, values: [back, data]}]
  policyTypes: [Ingress]
`,
      },
    ],
    fail: [
      {
        name: 'labels-not-selected',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - {name: app, image: registry.example.com/api:1.0}
`,
        cluster: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
`,
        offending: ['/spec/template/spec'],
      },
      {
        name: 'only-egress-policy',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
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
`,
        offending: ['/spec'],
      },
    ],
  },
});
