import { defineRule } from '@kpc/core';

/** Hardening: workloads are not deployed into the `default` namespace. */
export default defineRule({
  id: 'no-default-namespace',
  title: 'Workloads must not run in the default namespace',
  description:
    'Workloads must not set metadata.namespace: default. With requireExplicitNamespace, they must also name their namespace.',
  rationale:
    'The default namespace usually has no Pod Security level, NetworkPolicies, quotas or tailored RBAC; workloads there share it with whatever else landed there by accident.',
  remediation:
    'Deploy the workload into a dedicated namespace (set metadata.namespace, or the namespace of the kustomization/Helm release).',
  severity: 'low',
  category: 'Workload hardening',
  controls: [
    { standard: 'cis', id: '5.7.4', title: 'The default namespace should not be used' },
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Namespaces' },
    { standard: 'bsi', id: 'APP.4.4.A4' },
  ],
  params: {
    requireExplicitNamespace: {
      type: 'boolean',
      default: false,
      description:
        'Also fail workloads without metadata.namespace (they land in the namespace given at apply time, which may be default).',
    },
  },
  target: 'PodSpec',
  check: (_spec, { object, params }) =>
    object.metadata?.namespace !== 'default' &&
    (!params.requireExplicitNamespace || (object.metadata?.namespace ?? '') !== ''),
  message: (_spec, { object }) =>
    `workload "${object.metadata?.name ?? ''}" is in the default namespace (or names no namespace): deploy it into a dedicated namespace`,
  notes: [
    'Without metadata.namespace the object goes to the namespace chosen at apply time (kubectl -n, the kubeconfig context, Helm or Kustomize). By default kpc cannot know it and passes such objects; set requireExplicitNamespace: true to fail them instead (fail closed), or lint the rendered output of Kustomize/Helm where the namespace is filled in.',
    'Only the workload object is checked: the namespace of a pod template is that of its controller.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-dedicated-namespace',
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
        params: { requireExplicitNamespace: true },
      },
      {
        name: 'pod-without-namespace-by-default',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'deployment-default',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        offending: ['/spec/template/spec'],
      },
      {
        name: 'pod-without-namespace-required',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        params: { requireExplicitNamespace: true },
        offending: ['/spec'],
      },
    ],
  },
});
