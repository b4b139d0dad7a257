import { allContainers, defineRule } from '@kpc/core';

/** Hardening: secrets are mounted as files, not exposed as environment variables. */
export default defineRule({
  id: 'no-secrets-in-env',
  title: 'Secrets must not be exposed as environment variables',
  description:
    'No container may read a Secret into environment variables, through env[].valueFrom.secretKeyRef or envFrom[].secretRef.',
  rationale:
    'Environment variables leak: into crash dumps, debug endpoints, logs of misbehaving libraries, child processes and `kubectl describe`-style tooling. They also cannot be rotated without a restart.',
  remediation: 'Mount the Secret as a volume (secret or projected) and read it from a file.',
  severity: 'medium',
  category: 'Secrets',
  controls: [
    {
      standard: 'cis',
      id: '5.4.1',
      title: 'Prefer using Secrets as files over Secrets as environment variables',
    },
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Secrets' },
    { standard: 'bsi', id: 'SYS.1.6.A8' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) =>
    (c.env ?? []).every((e) => !e.valueFrom?.secretKeyRef) &&
    (c.envFrom ?? []).every((e) => !e.secretRef),
  message: (c) =>
    `container "${c.name ?? ''}" reads a Secret into environment variables (secretKeyRef or envFrom.secretRef): mount it as a file instead`,
  notes: [
    'ConfigMap references and literal values are not checked; a literal credential in env is out of reach of a schema check.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-secret-volume',
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
          env:
            - {name: MODE, value: production}
            - name: LEVEL
              valueFrom: {configMapKeyRef: {name: web, key: level}}
          envFrom: [{configMapRef: {name: web}}]
          volumeMounts: [{name: creds, mountPath: /var/run/creds, readOnly: true}]
      volumes:
        - {name: creds, secret: {secretName: web-creds}}
`,
      },
      {
        name: 'pod-empty-env',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0, env: [], envFrom: []}
`,
      },
    ],
    fail: [
      {
        name: 'pod-secret-key-ref',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      env:
        - name: DB_PASSWORD
          valueFrom: {secretKeyRef: {name: db, key: password}}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'job-init-env-from-secret',
        yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: init
          image: registry.example.com/init:1.0
          envFrom: [{configMapRef: {name: cfg}}, {secretRef: {name: db}}]
      containers:
        - {name: job, image: registry.example.com/job:1.0}
`,
        offending: ['/spec/template/spec/initContainers/0'],
      },
    ],
  },
});
