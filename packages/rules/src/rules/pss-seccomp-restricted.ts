import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/** Seccomp profile types that PSS accepts. */
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

/**
 * PSS restricted "Seccomp".
 * Semantics: k8s.io/pod-security-admission policy/check_seccompProfile_restricted.go: a
 * pod-level seccompProfile, when set, must be RuntimeDefault or Localhost; every container's own
 * seccompProfile (or, when it sets none, the pod's) must be RuntimeDefault or Localhost. Pods with
 * spec.os.name "windows" are exempt (v1.25+).
 */
export default defineRule({
  id: 'pss-seccomp-restricted',
  title: 'Containers must run with a seccomp profile',
  description:
    'Every container must run with seccompProfile.type RuntimeDefault or Localhost, set on the container or inherited from the pod; Unconfined is forbidden on both (Windows pods are exempt).',
  rationale:
    'Without a seccomp profile a container may use every system call of the kernel, including the rarely needed ones most kernel exploits rely on. RuntimeDefault blocks them at no cost for most workloads.',
  remediation:
    'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (inherited by every container), or Localhost with a reviewed profile; remove Unconfined everywhere.',
  severity: 'medium',
  category: 'Pod Security Standards (Restricted)',
  controls: [
    { standard: 'pss', level: 'restricted', control: 'Seccomp' },
    {
      standard: 'cis',
      id: '5.7.2',
      title: 'Ensure that the seccomp profile is set to docker/default in your Pod definitions',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'SYS.1.6.A21' },
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
    (params.pssMinorVersion >= 25 && spec.os?.name === 'windows') ||
    ((!spec.securityContext?.seccompProfile ||
      SECCOMP_TYPES.includes(spec.securityContext?.seccompProfile?.type ?? '')) &&
      SECCOMP_TYPES.includes(
        (c.securityContext?.seccompProfile
          ? c.securityContext?.seccompProfile?.type
          : spec.securityContext?.seccompProfile?.type) ?? '',
      )),
  message: (c) =>
    `container "${c.name ?? ''}" does not run with seccompProfile.type RuntimeDefault or Localhost (set it on the pod or the container; Unconfined is allowed on neither)`,
  notes: [
    'A container-level profile overrides the pod-level one, but a pod-level Unconfined still fails every container: upstream rejects the pod-level setter on its own.',
    'A seccompProfile object without a type (`seccompProfile: {}`) counts as set with an empty type and fails; it does not inherit the pod value.',
    'Pods with spec.os.name: windows are exempt from Pod Security Standards v1.25 on (at pss.version v1.23 and v1.24 they are not). This rule replaces pss-seccomp-baseline in the restricted profile.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-level-runtime-default',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {seccompProfile: {type: RuntimeDefault}}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'deployment-every-container-localhost',
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
          securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}}
`,
      },
      {
        name: 'pod-windows-unset',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - {name: app, image: registry.example.com/win:1.0}
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
        name: 'daemonset-container-unconfined-overrides-pod',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers:
        - {name: ok, image: registry.example.com/agent:1.0}
        - name: bad
          image: registry.example.com/agent:1.0
          securityContext: {seccompProfile: {type: Unconfined}}
`,
        offending: ['/spec/template/spec/containers/1'],
      },
      {
        name: 'pod-windows-at-v1-24',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        params: { pssMinorVersion: 24 },
        offending: ['/spec/containers/0'],
      },
    ],
  },
});
