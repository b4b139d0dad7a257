import { allContainers, defineRule } from '@kpc/core';

/** Hardening: containers run with a read-only root file system. */
export default defineRule({
  id: 'read-only-root-filesystem',
  title: 'Containers must use a read-only root file system',
  description:
    'Every container, init container and ephemeral container must set securityContext.readOnlyRootFilesystem: true.',
  rationale:
    'A writable root file system lets an attacker drop tools, modify binaries or persist in the container. An immutable container makes that harder and makes drift visible.',
  remediation:
    'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes at the paths the application writes to (/tmp, caches).',
  severity: 'medium',
  category: 'Workload hardening',
  controls: [
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Immutable container file systems' },
    { standard: 'bsi', id: 'SYS.1.6.A23' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.securityContext?.readOnlyRootFilesystem === true,
  message: (c) =>
    `container "${c.name ?? ''}" must set securityContext.readOnlyRootFilesystem: true`,
  notes: ['Unset fails: the default root file system is writable. There is no pod-level setting.'],
  examples: {
    pass: [
      {
        name: 'deployment-read-only-with-tmp',
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
          securityContext: {readOnlyRootFilesystem: true}
          volumeMounts: [{name: tmp, mountPath: /tmp}]
      volumes:
        - {name: tmp, emptyDir: {}}
`,
      },
      {
        name: 'pod-init-and-app',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - name: init
      image: registry.example.com/init:1.0
      securityContext: {readOnlyRootFilesystem: true}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {readOnlyRootFilesystem: true}
`,
      },
    ],
    fail: [
      {
        name: 'pod-unset',
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
        name: 'statefulset-explicit-false',
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
          securityContext: {readOnlyRootFilesystem: true}
        - name: backup
          image: registry.example.com/backup:1.0
          securityContext: {readOnlyRootFilesystem: false}
`,
        offending: ['/spec/template/spec/containers/1'],
      },
    ],
  },
});
