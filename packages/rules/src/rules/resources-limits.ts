import { defineRule } from '@kpc/core';

/**
 * Hardening: every container and init container declares CPU and memory limits.
 * Ephemeral containers are exempt (the API forbids resources on them).
 */
export default defineRule({
  id: 'resources-limits',
  title: 'Containers must declare CPU and memory limits',
  description:
    'Every container and init container must set resources.limits.cpu and resources.limits.memory.',
  rationale:
    'Limits cap what one container can take from its node: a memory leak or a fork bomb in an unlimited container degrades or takes down every workload on the node (denial of service).',
  remediation:
    'Set resources.limits.memory and resources.limits.cpu on every container and init container. Where CPU throttling hurts latency, keep a generous CPU limit rather than none, or disable this rule for the workload with a documented exception.',
  severity: 'medium',
  category: 'Resource management',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Resource policies' },
    { standard: 'bsi', id: 'SYS.1.6.A15' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => [...(spec.containers ?? []), ...(spec.initContainers ?? [])],
  check: (c) => c.resources?.limits?.cpu !== undefined && c.resources?.limits?.memory !== undefined,
  message: (c) =>
    `container "${c.name ?? ''}" must set resources.limits.cpu and resources.limits.memory`,
  notes: [
    'Presence is checked, not the amount.',
    'A LimitRange default in the namespace is cross-object and not taken into account.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-limits',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1.0
          resources: {limits: {cpu: "1", memory: 256Mi}}
`,
      },
      {
        name: 'pod-init-and-app-limits',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - name: init
      image: registry.example.com/init:1.0
      resources: {limits: {cpu: 200m, memory: 64Mi}}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources: {limits: {cpu: 2, memory: 1Gi}}
`,
      },
    ],
    fail: [
      {
        name: 'pod-requests-only',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources: {requests: {cpu: 100m, memory: 128Mi}}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'cronjob-cpu-limit-missing',
        yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: registry.example.com/job:1.0
              resources: {limits: {memory: 128Mi}}
`,
        offending: ['/spec/jobTemplate/spec/template/spec/containers/0'],
      },
    ],
  },
});
