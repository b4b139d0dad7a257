import { allContainers, defineRule } from '@kpc/core';

/** The capabilities a container may add under PSS baseline (check_capabilities_baseline.go, v1.0+). */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/**
 * PSS baseline "Capabilities".
 * Semantics: k8s.io/pod-security-admission policy/check_capabilities_baseline.go: every entry of
 * securityContext.capabilities.add of every container (init and ephemeral included) must be in
 * the default set. The comparison is exact and case-sensitive, as upstream's.
 */
export default defineRule({
  id: 'pss-capabilities-baseline',
  title: 'Containers must not add capabilities beyond the default set',
  description:
    'Every container, init container and ephemeral container may add only capabilities from the baseline set: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT.',
  rationale:
    'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container powers over the kernel, the network stack or other processes that amount to near-privileged access and enable container escapes.',
  remediation:
    'Remove every capability outside the default set from securityContext.capabilities.add; redesign the workload so that it does not need kernel-level privileges.',
  severity: 'high',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'Capabilities' },
    {
      standard: 'cis',
      id: '5.2.9',
      title: 'Minimize the admission of containers with added capabilities',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'SYS.1.6.A17' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) =>
    (c.securityContext?.capabilities?.add ?? []).every((cap) =>
      BASELINE_CAPABILITIES.includes(cap),
    ),
  message: (c) =>
    `container "${c.name ?? ''}" adds capabilities outside the baseline default set (securityContext.capabilities.add): remove them`,
  notes: [
    'Names are compared exactly: "CAP_SYS_ADMIN" or "sys_admin" are not in the allowed set and fail, as upstream.',
    'Dropping capabilities is always allowed. Under the restricted profile this rule is replaced by pss-capabilities-restricted, as upstream overrides the baseline check.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-default-capabilities',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext:
        capabilities: {add: [NET_BIND_SERVICE, CHOWN], drop: [NET_RAW]}
`,
      },
      {
        name: 'deployment-empty-add',
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
          securityContext: {capabilities: {add: []}}
`,
      },
    ],
    fail: [
      {
        name: 'pod-sys-admin',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: ok, image: registry.example.com/app:1.0}
    - name: bad
      image: registry.example.com/app:1.0
      securityContext: {capabilities: {add: [SYS_ADMIN]}}
`,
        offending: ['/spec/containers/1'],
      },
      {
        name: 'job-init-lowercase-and-prefixed',
        yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: setup
          image: registry.example.com/setup:1.0
          securityContext: {capabilities: {add: [CAP_CHOWN]}}
      containers:
        - name: job
          image: registry.example.com/job:1.0
          securityContext: {capabilities: {add: [chown]}}
`,
        offending: ['/spec/template/spec/containers/0', '/spec/template/spec/initContainers/0'],
      },
    ],
  },
});
