import { allContainers, defineRule } from '@kpc/core';

/**
 * PSS restricted "/proc Mount Type" (policy version 1.35+).
 * Semantics: k8s.io/pod-security-admission policy/check_procMount_restricted.go: the baseline
 * procMount check without the user-namespace relaxation; it overrides the baseline check.
 */
export default defineRule({
  id: 'pss-proc-mount-restricted',
  title: 'Containers must use the default /proc mount, also in user namespaces',
  description:
    'securityContext.procMount must be unset or Default in every container, whatever spec.hostUsers says.',
  rationale:
    'The restricted level does not rely on user namespaces to contain an unmasked /proc: the masked default mount keeps kernel interfaces out of reach.',
  remediation: 'Remove securityContext.procMount or set it to Default.',
  severity: 'medium',
  category: 'Pod Security Standards (Restricted)',
  controls: [
    { standard: 'pss', level: 'restricted', control: '/proc Mount Type' },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => (c.securityContext?.procMount ?? 'Default') === 'Default',
  message: (c) =>
    `container "${c.name ?? ''}" sets securityContext.procMount to "${c.securityContext?.procMount ?? ''}": use Default`,
  notes: [
    'Since policy version 1.35 the baseline check is relaxed for pods with hostUsers: false and the restricted level keeps the strict check; this rule replaces pss-proc-mount-baseline in the restricted profile.',
    'The rule is the same at every Pod Security Standards version and takes no version: before v1.35 upstream has no separate restricted check, and its restricted level runs the baseline procMount check, which was this same unconditional check then.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-unset',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'deployment-default-in-user-namespace',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostUsers: false
      containers:
        - name: app
          image: registry.example.com/app:1.0
          securityContext: {procMount: Default}
`,
      },
    ],
    fail: [
      {
        name: 'deployment-unmasked-in-user-namespace',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: builder}
spec:
  selector: {matchLabels: {app: builder}}
  template:
    metadata: {labels: {app: builder}}
    spec:
      hostUsers: false
      containers:
        - name: build
          image: registry.example.com/build:1.0
          securityContext: {procMount: Unmasked}
`,
        offending: ['/spec/template/spec/containers/0'],
      },
      {
        name: 'pod-init-and-ephemeral-unmasked',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - name: init
      image: registry.example.com/init:1.0
      securityContext: {procMount: Unmasked}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
  ephemeralContainers:
    - name: debug
      image: registry.example.com/debug:1.0
      securityContext: {procMount: Unmasked}
`,
        offending: ['/spec/initContainers/0', '/spec/ephemeralContainers/0'],
      },
    ],
  },
});
