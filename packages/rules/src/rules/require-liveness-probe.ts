import { defineRule } from '@kpc/core';

/** Hardening: every (main) container declares a liveness probe. */
export default defineRule({
  id: 'require-liveness-probe',
  title: 'Containers must declare a liveness probe',
  description: 'Every container in spec.containers must set livenessProbe.',
  rationale:
    'A liveness probe lets the kubelet restart a container that hangs or deadlocks; without one, a stuck process keeps serving errors (or nothing) until someone notices, which hurts availability.',
  remediation:
    'Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails only when the process cannot recover by itself.',
  severity: 'low',
  category: 'Availability',
  controls: [{ standard: 'bsi', id: 'APP.4.4.A11' }],
  target: 'PodSpec',
  each: ({ spec }) => spec.containers ?? [],
  check: (c) => !!c.livenessProbe,
  message: (c) => `container "${c.name ?? ''}" has no livenessProbe`,
  notes: [
    'Only spec.containers are checked: init containers run to completion (sidecar init containers may declare probes but are not required to), and ephemeral containers cannot have probes.',
    'Batch workloads (Job, CronJob) are checked too; disable the rule for them if their containers are short-lived.',
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
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
`,
      },
      {
        name: 'pod-init-without-probe',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: init, image: registry.example.com/init:1.0}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      livenessProbe: {exec: {command: [/bin/check]}}
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
        name: 'statefulset-readiness-only',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: registry.example.com/db:1.0
          livenessProbe: {tcpSocket: {port: 5432}}
        - name: exporter
          image: registry.example.com/exporter:1.0
          readinessProbe: {httpGet: {path: /ready, port: 9187}}
`,
        offending: ['/spec/template/spec/containers/1'],
      },
    ],
  },
});
