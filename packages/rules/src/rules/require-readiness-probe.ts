import { defineRule } from '@kpc/core';

/** Hardening: every (main) container declares a readiness probe. */
export default defineRule({
  id: 'require-readiness-probe',
  title: 'Containers must declare a readiness probe',
  description: 'Every container in spec.containers must set readinessProbe.',
  rationale:
    'A readiness probe keeps traffic away from a container until it can serve and while it is overloaded; without one, rollouts and restarts send requests to containers that are not ready.',
  remediation:
    'Add a readinessProbe (httpGet, tcpSocket, grpc or exec) that reflects whether the container can serve.',
  severity: 'low',
  category: 'Availability',
  controls: [{ standard: 'bsi', id: 'APP.4.4.A11' }],
  target: 'PodSpec',
  each: ({ spec }) => spec.containers ?? [],
  check: (c) => !!c.readinessProbe,
  message: (c) => `container "${c.name ?? ''}" has no readinessProbe`,
  notes: [
    'Only spec.containers are checked: init containers run to completion, and ephemeral containers cannot have probes.',
    'Batch workloads (Job, CronJob) are checked too; disable the rule for them if they serve no traffic.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-http-probe',
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
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
`,
      },
      {
        name: 'pod-grpc-probe-init-without',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: init, image: registry.example.com/init:1.0}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      readinessProbe: {grpc: {port: 9090}}
`,
      },
    ],
    fail: [
      {
        name: 'pod-no-probe',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'deployment-liveness-only',
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
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
