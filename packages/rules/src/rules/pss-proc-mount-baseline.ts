import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/**
 * PSS baseline "/proc Mount Type".
 * Semantics: k8s.io/pod-security-admission policy/check_procMount_baseline.go:
 * securityContext.procMount of every container must be unset or "Default", unless the pod runs
 * in a user namespace (spec.hostUsers: false), which relaxes the baseline check from
 * policy version v1.35 on.
 */
export default defineRule({
  id: 'pss-proc-mount-baseline',
  title: 'Containers must use the default /proc mount',
  description:
    'securityContext.procMount must be unset or Default in every container, unless the pod sets hostUsers: false.',
  rationale:
    'The default /proc mount masks and read-protects kernel interfaces. An Unmasked /proc exposes them to the container and helps escapes, unless a user namespace limits what the container can reach.',
  remediation:
    'Remove securityContext.procMount or set it to Default (or run the pod with hostUsers: false).',
  severity: 'medium',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: '/proc Mount Type' },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
  ],
  params: {
    pssMinorVersion: {
      type: 'integer',
      default: PSS_MINOR_LATEST,
      description: PSS_MINOR_DESCRIPTION,
    },
  },
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c, { spec, params }) =>
    (params.pssMinorVersion >= 35 && spec.hostUsers === false) ||
    (c.securityContext?.procMount ?? 'Default') === 'Default',
  message: (c) =>
    `container "${c.name ?? ''}" sets securityContext.procMount to "${c.securityContext?.procMount ?? ''}": use Default`,
  notes: [
    'hostUsers: false (a user-namespaced pod) relaxes this check from Pod Security Standards v1.35 on; at pss.version v1.34 and older it does not. Under the restricted profile this rule is replaced by pss-proc-mount-restricted, which has no relaxation (upstream overrides the baseline check).',
    'An empty procMount string (schema-invalid: the enum is Default or Unmasked) is not "Default" and fails, as upstream.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-default',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {procMount: Default}
`,
      },
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
      },
    ],
    fail: [
      {
        name: 'pod-unmasked',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {procMount: Unmasked}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'deployment-host-users-true-ephemeral',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostUsers: true
      containers:
        - {name: app, image: registry.example.com/app:1.0}
      ephemeralContainers:
        - name: debug
          image: registry.example.com/debug:1.0
          securityContext: {procMount: Unmasked}
`,
        offending: ['/spec/template/spec/ephemeralContainers/0'],
      },
      {
        name: 'deployment-unmasked-in-user-namespace-at-v1-34',
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
        params: { pssMinorVersion: 34 },
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
