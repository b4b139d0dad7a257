import { defineRule } from '@kpc/core';

/** Hygiene: a Service with a selector selects some pods of its namespace. */
export default defineRule({
  id: 'service-selects-pods',
  title: 'Services with a selector must select some workload',
  description:
    'A Service with a non-empty selector must select the pods (or pod template labels) of some workload in its namespace.',
  rationale:
    'A Service whose selector matches nothing has no endpoints: a typo in a label silently breaks traffic, and a later workload that happens to carry the labels receives traffic meant for something else.',
  remediation:
    "Fix the Service's selector or the workload's pod template labels so that they match, or remove the Service.",
  severity: 'low',
  category: 'Network',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Network policies' },
  ],
  target: 'Service',
  reads: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  check: (svc, { list }) => {
    const selector = Object.entries(svc.spec?.selector ?? {});
    const namespace = svc.metadata?.namespace;
    const podLabels = [
      ...list('Pod', { namespace }).map((p) => p.metadata?.labels),
      ...list('Deployment', { namespace }).map((d) => d.spec?.template.metadata?.labels),
      ...list('StatefulSet', { namespace }).map((d) => d.spec?.template.metadata?.labels),
      ...list('DaemonSet', { namespace }).map((d) => d.spec?.template.metadata?.labels),
      ...list('ReplicaSet', { namespace }).map((d) => d.spec?.template?.metadata?.labels),
      ...list('Job', { namespace }).map((d) => d.spec?.template.metadata?.labels),
      ...list('CronJob', { namespace }).map(
        (d) => d.spec?.jobTemplate.spec?.template.metadata?.labels,
      ),
    ];
    return (
      selector.length === 0 ||
      svc.spec?.type === 'ExternalName' ||
      podLabels.some((labels) =>
        selector.every(([k, v]) =>
          Object.entries(labels ?? {}).some(([lk, lv]) => lk === k && lv === v),
        ),
      )
    );
  },
  message: (svc) =>
    `Service "${svc.metadata?.name ?? ''}" selects no Pod or pod template of namespace "${svc.metadata?.namespace ?? '(none)'}"`,
  notes: [
    'A Service without a selector (endpoints managed by hand or by a controller) and an ExternalName Service pass.',
    'Pods, and the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs count; a Service selects a workload when every selector entry is one of its pod labels.',
    'The rule reads the other objects of the set; kpc lint of a single file says it needs the whole set. At admission, a Service applied before its workload is denied (enforce): apply workloads first or run the rule in audit mode.',
  ],
  examples: {
    pass: [
      {
        name: 'selects-deployment',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
        cluster: `apiVersion: apps/v1
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
      },
      {
        name: 'no-selector',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: external-db, namespace: shop}
spec:
  ports: [{port: 5432}]
`,
      },
    ],
    fail: [
      {
        name: 'selector-typo',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: wbe}
  ports: [{port: 80, targetPort: 8080}]
`,
        cluster: `apiVersion: apps/v1
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
        offending: [''],
      },
      {
        name: 'workload-in-other-namespace',
        yaml: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`,
        cluster: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: other, labels: {app: web}}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        offending: [''],
      },
    ],
  },
});
