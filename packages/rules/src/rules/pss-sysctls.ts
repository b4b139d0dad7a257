import { defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/** The safe sysctls of PSS baseline since policy version v1.0 (check_sysctls.go). */
const SAFE_SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
/** Added to the safe set in policy version v1.29. */
const SAFE_SYSCTLS_1_29 = [
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
/** Added in v1.32. */
const SAFE_SYSCTLS_1_32 = ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
/** Added in v1.37. */
const SAFE_SYSCTLS_1_37 = ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

/**
 * PSS baseline "Sysctls".
 * Semantics: k8s.io/pod-security-admission policy/check_sysctls.go: every entry of
 * spec.securityContext.sysctls must name a sysctl from the safe set of the policy version
 * (v1.0 set; ip_local_reserved_ports from v1.27; the tcp keepalive/fin timeout set from v1.29;
 * tcp_rmem/tcp_wmem from v1.32; tcp_slow_start_after_idle and tcp_notsent_lowat from v1.37).
 * One finding per entry.
 */
export default defineRule({
  id: 'pss-sysctls',
  title: 'Pods may set only safe sysctls',
  description:
    'Every entry of spec.securityContext.sysctls must name a namespaced sysctl from the Pod Security Standards safe set.',
  rationale:
    'Unsafe sysctls change kernel behaviour for the whole node or for other pods, and some can be used to exhaust node resources or weaken isolation.',
  remediation:
    'Remove sysctls outside the safe set. Tune the node instead, or run the workload in a namespace with a privileged Pod Security level and an allow-listed kubelet.',
  severity: 'medium',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'Sysctls' },
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
  each: ({ spec }) => spec.securityContext?.sysctls ?? [],
  check: (s, { params }) =>
    SAFE_SYSCTLS_1_0.includes(s.name) ||
    (params.pssMinorVersion >= 27 && s.name === 'net.ipv4.ip_local_reserved_ports') ||
    (params.pssMinorVersion >= 29 && SAFE_SYSCTLS_1_29.includes(s.name)) ||
    (params.pssMinorVersion >= 32 && SAFE_SYSCTLS_1_32.includes(s.name)) ||
    (params.pssMinorVersion >= 37 && SAFE_SYSCTLS_1_37.includes(s.name)),
  message: (s) =>
    `sysctl "${s.name ?? ''}" is not in the Pod Security Standards safe set: remove it`,
  notes: [
    'The safe set depends on the Pod Security Standards version (pss.version, --pss-version): v1.23 to v1.26 allow the five v1.0 sysctls; v1.27 adds net.ipv4.ip_local_reserved_ports; v1.29 net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl and tcp_keepalive_probes; v1.32 net.ipv4.tcp_rmem and tcp_wmem; v1.37 (latest) net.ipv4.tcp_slow_start_after_idle and tcp_notsent_lowat.',
    'Upstream reports the pod; kpc reports each offending sysctl entry, which gives the same verdict with a more precise location.',
    'Names are compared exactly: "net/ipv4/tcp_syncookies" (slash notation) is not in the set and fails, as upstream.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-safe-sysctls',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    sysctls:
      - {name: net.ipv4.ip_local_port_range, value: "32768 60999"}
      - {name: net.ipv4.tcp_keepalive_time, value: "600"}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'deployment-empty-sysctls',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {sysctls: []}
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'pod-keepalive-sysctl-at-v1-29',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    sysctls:
      - {name: net.ipv4.tcp_keepalive_time, value: "600"}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        params: { pssMinorVersion: 29 },
      },
    ],
    fail: [
      {
        name: 'pod-unsafe-sysctl',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    sysctls:
      - {name: net.ipv4.tcp_syncookies, value: "1"}
      - {name: kernel.msgmax, value: "65536"}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        offending: ['/spec/securityContext/sysctls/1'],
      },
      {
        name: 'cronjob-slash-notation',
        yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          securityContext:
            sysctls: [{name: net/ipv4/tcp_syncookies, value: "1"}]
          containers:
            - {name: job, image: registry.example.com/job:1.0}
`,
        offending: ['/spec/jobTemplate/spec/template/spec/securityContext/sysctls/0'],
      },
      {
        name: 'pod-keepalive-sysctl-at-v1-28',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    sysctls:
      - {name: net.ipv4.ip_local_reserved_ports, value: "30000"}
      - {name: net.ipv4.tcp_keepalive_time, value: "600"}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        params: { pssMinorVersion: 28 },
        offending: ['/spec/securityContext/sysctls/1'],
      },
    ],
  },
});
