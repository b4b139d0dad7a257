import { allContainers, defineRule, flagValue } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.2.16–1.2.19: kube-apiserver writes an audit log
 * (`--audit-log-path`) and keeps it: `--audit-log-maxage` ≥ 30 days,
 * `--audit-log-maxbackup` ≥ 10 files, `--audit-log-maxsize` ≥ 100 MB.
 */
// Plain decimal integers at or above each threshold (no sign, no leading zero).
const AT_LEAST_30 = /^([3-9][0-9]|[1-9][0-9][0-9]+)$/;
const AT_LEAST_10 = /^[1-9][0-9]+$/;
const AT_LEAST_100 = /^[1-9][0-9][0-9]+$/;

export default defineRule({
  id: 'cis-apiserver-audit-log',
  title: 'The API server must keep an audit log',
  description:
    'Every kube-apiserver container (identified by the program in command[0]) must set --audit-log-path to a non-empty path, --audit-log-maxage to at least 30, --audit-log-maxbackup to at least 10 and --audit-log-maxsize to at least 100.',
  rationale:
    'The audit log is the record of who did what through the API; without it, or with a short retention, an incident cannot be reconstructed.',
  remediation:
    'Set --audit-log-path=/var/log/kubernetes/audit/audit.log, --audit-log-maxage=30, --audit-log-maxbackup=10 and --audit-log-maxsize=100 (and an --audit-policy-file), mounting the log directory from the host.',
  severity: 'medium',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.16',
      title: 'Ensure that the --audit-log-path argument is set',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.17',
      title: 'Ensure that the --audit-log-maxage argument is set to 30 or as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.18',
      title: 'Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.19',
      title: 'Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) => /(^|\/)kube-apiserver$/.test(c.command?.[0] ?? '')),
  check: (c) =>
    (flagValue(c, '--audit-log-path') ?? '') !== '' &&
    AT_LEAST_30.test(flagValue(c, '--audit-log-maxage') ?? '') &&
    AT_LEAST_10.test(flagValue(c, '--audit-log-maxbackup') ?? '') &&
    AT_LEAST_100.test(flagValue(c, '--audit-log-maxsize') ?? ''),
  message: (c) =>
    `kube-apiserver container "${c.name ?? ''}" audit log below CIS: --audit-log-path=${flagValue(c, '--audit-log-path') ?? '(unset)'} --audit-log-maxage=${flagValue(c, '--audit-log-maxage') ?? '(unset)'} (needs >= 30) --audit-log-maxbackup=${flagValue(c, '--audit-log-maxbackup') ?? '(unset)'} (needs >= 10) --audit-log-maxsize=${flagValue(c, '--audit-log-maxsize') ?? '(unset)'} (needs >= 100)`,
  notes: [
    'The thresholds are the values CIS states; the last occurrence of each flag counts.',
    "Numbers must be written in plain decimal (`30`, not `030`, `0x1e` or `+30`): the API server reads those too (Go's ParseInt with base 0, where `036` is octal 30), but kpc does not convert bases and fails them rather than guess.",
    'An empty --audit-log-path disables the log and fails; `-` (standard output) passes.',
  ],
  examples: {
    pass: [
      {
        name: 'retained',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.29.3
    command:
      - kube-apiserver
      - --audit-log-path=/var/log/kubernetes/audit/audit.log
      - --audit-log-maxage=30
      - --audit-log-maxbackup=10
      - --audit-log-maxsize=100
`,
      },
      {
        name: 'above-thresholds-two-arguments',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  selector: {matchLabels: {component: kube-apiserver}}
  template:
    metadata: {labels: {component: kube-apiserver}}
    spec:
      hostNetwork: true
      containers:
      - name: kube-apiserver
        image: registry.k8s.io/kube-apiserver:v1.29.3
        command:
          - kube-apiserver
          - --audit-log-path
          - "-"
          - --audit-log-maxage
          - "365"
          - --audit-log-maxbackup
          - "20"
          - --audit-log-maxsize
          - "1000"
`,
      },
    ],
    fail: [
      {
        name: 'no-audit-log',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.29.3
    command:
      - kube-apiserver
      - --authorization-mode=Node,RBAC
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'short-retention',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  selector: {matchLabels: {component: kube-apiserver}}
  template:
    metadata: {labels: {component: kube-apiserver}}
    spec:
      hostNetwork: true
      containers:
      - name: kube-apiserver
        image: registry.k8s.io/kube-apiserver:v1.29.3
        command:
          - kube-apiserver
          - --audit-log-path=/var/log/kubernetes/audit/audit.log
          - --audit-log-maxage=7
          - --audit-log-maxbackup=10
          - --audit-log-maxsize=100
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
