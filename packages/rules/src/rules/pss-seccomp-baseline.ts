import { allContainers, defineRule } from '@kpc/core';

/** Seccomp profile types that PSS accepts when a type is set. */
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

/**
 * PSS baseline "Seccomp".
 * Semantics: k8s.io/pod-security-admission policy/check_seccompProfile_baseline.go (1.19+): a
 * seccompProfile that is set, on the pod or on any container, must have type RuntimeDefault or
 * Localhost. The deprecated seccomp annotations are only checked for policy versions before
 * 1.19 and are ignored here, as upstream does for current versions.
 */
export default defineRule({
  id: 'pss-seccomp-baseline',
  title: 'Pods must not disable seccomp',
  description:
    'seccompProfile.type on the pod and on every container must be RuntimeDefault or Localhost when set; Unconfined is forbidden.',
  rationale:
    'Seccomp filters the system calls a container may make. Unconfined exposes the whole kernel system-call surface, which most container escapes rely on.',
  remediation:
    'Remove seccompProfile (or set type: RuntimeDefault) on the pod and on every container; use Localhost with a reviewed profile if the default is too strict.',
  severity: 'medium',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'Seccomp' },
    {
      standard: 'cis',
      id: '5.7.2',
      title: 'Ensure that the seccomp profile is set to docker/default in your Pod definitions',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'SYS.1.6.A21' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c, { spec }) =>
    (!spec.securityContext?.seccompProfile ||
      SECCOMP_TYPES.includes(spec.securityContext?.seccompProfile?.type ?? '')) &&
    (!c.securityContext?.seccompProfile ||
      SECCOMP_TYPES.includes(c.securityContext?.seccompProfile?.type ?? '')),
  message: (c) =>
    `container "${c.name ?? ''}" runs with a forbidden seccomp profile (its own or the pod's seccompProfile.type is not RuntimeDefault or Localhost)`,
  notes: [
    'Unset passes at baseline (the restricted rule pss-seccomp-restricted requires a profile).',
    'A pod-level Unconfined fails every container, even one that sets RuntimeDefault itself: upstream rejects the pod-level setter on its own.',
    'The annotations seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/* are not checked: upstream checks them only for policy versions before 1.19, and the kubelet ignores them since Kubernetes 1.27.',
    'Under the restricted profile this rule is replaced by pss-seccomp-restricted (upstream overrides the baseline check).',
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
        name: 'deployment-pod-runtime-default-container-localhost',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: unconfined
    spec:
      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example.com/app:1.0
          securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}}
`,
      },
    ],
    fail: [
      {
        name: 'pod-level-unconfined-overridden',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {seccompProfile: {type: Unconfined}}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {seccompProfile: {type: RuntimeDefault}}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'statefulset-init-unconfined',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      initContainers:
        - name: init
          image: registry.example.com/init:1.0
          securityContext: {seccompProfile: {type: Unconfined}}
      containers:
        - {name: db, image: registry.example.com/db:1.0}
`,
        offending: ['/spec/template/spec/initContainers/0'],
      },
    ],
  },
});
