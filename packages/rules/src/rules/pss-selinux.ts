import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/** SELinux types allowed by PSS baseline at every policy version (check_seLinuxOptions.go). */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** Allowed from policy version v1.31. */
const SELINUX_TYPE_1_31 = 'container_engine_t';

/**
 * PSS baseline "SELinux".
 * Semantics: k8s.io/pod-security-admission policy/check_seLinuxOptions.go: seLinuxOptions
 * on the pod and on every container (init and ephemeral included) must have a type from the
 * allowed list (or none; container_engine_t from policy version v1.31), and no user or role.
 * Both levels are checked independently.
 */
export default defineRule({
  id: 'pss-selinux',
  title: 'Containers must not set custom SELinux users, roles or types',
  description:
    'seLinuxOptions on the pod and on every container may set type only to container_t, container_init_t, container_kvm_t or container_engine_t, and must not set user or role.',
  rationale:
    'A custom SELinux type, user or role can take the container out of the confined container domain (for example spc_t), which removes the mandatory access control between the container and the node.',
  remediation:
    'Remove seLinuxOptions.user and seLinuxOptions.role, and set seLinuxOptions.type only to one of the container types (or leave it unset). seLinuxOptions.level may be set freely.',
  severity: 'medium',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'SELinux' },
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
    (SELINUX_TYPES.includes(spec.securityContext?.seLinuxOptions?.type ?? '') ||
      (params.pssMinorVersion >= 31 &&
        spec.securityContext?.seLinuxOptions?.type === SELINUX_TYPE_1_31)) &&
    (spec.securityContext?.seLinuxOptions?.user ?? '') === '' &&
    (spec.securityContext?.seLinuxOptions?.role ?? '') === '' &&
    (SELINUX_TYPES.includes(c.securityContext?.seLinuxOptions?.type ?? '') ||
      (params.pssMinorVersion >= 31 &&
        c.securityContext?.seLinuxOptions?.type === SELINUX_TYPE_1_31)) &&
    (c.securityContext?.seLinuxOptions?.user ?? '') === '' &&
    (c.securityContext?.seLinuxOptions?.role ?? '') === '',
  message: (c) =>
    `container "${c.name ?? ''}" runs with forbidden seLinuxOptions (its own or the pod's): only container_t, container_init_t, container_kvm_t or container_engine_t types, and no user or role`,
  notes: [
    'One finding per container: a forbidden pod-level seLinuxOptions applies to every container, so every container is reported; a valid container-level value does not repair an invalid pod-level one (upstream rejects the pod-level setter on its own).',
    'A pod spec without containers is rejected by API validation; with no container there is nothing to report.',
    'Empty strings for type, user and role are the same as unset and pass.',
    'container_engine_t is allowed from Pod Security Standards v1.31 on; at pss.version v1.30 and older it fails, as upstream.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-container-t-with-level',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {seLinuxOptions: {level: "s0:c123,c456"}}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {seLinuxOptions: {type: container_t}}
`,
      },
      {
        name: 'deployment-engine-type-empty-user',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: builder}
spec:
  selector: {matchLabels: {app: builder}}
  template:
    metadata: {labels: {app: builder}}
    spec:
      containers:
        - name: build
          image: registry.example.com/build:1.0
          securityContext: {seLinuxOptions: {type: container_engine_t, user: ""}}
`,
      },
    ],
    fail: [
      {
        name: 'pod-spc-t-container',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: ok, image: registry.example.com/app:1.0}
    - name: bad
      image: registry.example.com/app:1.0
      securityContext: {seLinuxOptions: {type: spc_t}}
`,
        offending: ['/spec/containers/1'],
      },
      {
        name: 'job-pod-level-user-overridden-by-container',
        yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      securityContext: {seLinuxOptions: {user: system_u}}
      containers:
        - name: job
          image: registry.example.com/job:1.0
          securityContext: {seLinuxOptions: {type: container_t}}
`,
        offending: ['/spec/template/spec/containers/0'],
      },
      {
        name: 'pod-container-engine-type-at-v1-30',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: builder}
spec:
  containers:
    - name: build
      image: registry.example.com/build:1.0
      securityContext: {seLinuxOptions: {type: container_engine_t}}
`,
        params: { pssMinorVersion: 30 },
        offending: ['/spec/containers/0'],
      },
    ],
  },
});
