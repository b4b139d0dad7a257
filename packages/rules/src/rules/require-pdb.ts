import { defineRule, labelSelectorMatches } from '@kpc/core';

/** Availability: replicated workloads have a PodDisruptionBudget. */
export default defineRule({
  id: 'require-pdb',
  title: 'Replicated workloads must have a PodDisruptionBudget',
  description:
    'A Deployment or StatefulSet with more than one replica must have a PodDisruptionBudget in its namespace whose selector matches its pod template labels.',
  rationale:
    'Without a PodDisruptionBudget a node drain or cluster upgrade may evict every replica at once: running several replicas buys no availability during voluntary disruptions.',
  remediation:
    'Add a PodDisruptionBudget (policy/v1) in the namespace with minAvailable or maxUnavailable and a selector that matches the pod template labels.',
  severity: 'low',
  category: 'Availability',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Resource policies' },
  ],
  target: ['Deployment', 'StatefulSet'],
  reads: ['PodDisruptionBudget'],
  check: (w, { list }) =>
    (w.spec?.replicas ?? 1) <= 1 ||
    list('PodDisruptionBudget', { namespace: w.metadata?.namespace }).some((pdb) =>
      labelSelectorMatches(pdb.spec?.selector, w.spec?.template.metadata?.labels),
    ),
  message: (w) =>
    `${w.kind} "${w.metadata?.name ?? ''}" runs ${w.spec?.replicas ?? 1} replicas and no PodDisruptionBudget of its namespace selects its pods`,
  notes: [
    'replicas unset means 1 (the API default) and passes; a HorizontalPodAutoscaler that scales the workload up is not considered.',
    'Selectors follow policy/v1: an empty selector ({}) selects every pod of the namespace, an absent one selects none.',
    'The rule reads the other objects of the set; kpc lint of a single file says it needs the whole set.',
  ],
  examples: {
    pass: [
      {
        name: 'pdb-selects-pods',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
`,
      },
      {
        name: 'single-replica',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - {name: db, image: registry.example.com/db:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'no-pdb',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        offending: [''],
      },
      {
        name: 'pdb-in-other-namespace-or-other-labels',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - {name: db, image: registry.example.com/db:1.0}
`,
        cluster: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db, namespace: other}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: db}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
`,
        offending: [''],
      },
    ],
  },
});
