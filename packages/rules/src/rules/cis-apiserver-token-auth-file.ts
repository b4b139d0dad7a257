import { allContainers, defineRule, flagValues } from '@kpc/core';

/** CIS Kubernetes Benchmark v1.9.0, 1.2.2: kube-apiserver runs without `--token-auth-file`. */
export default defineRule({
  id: 'cis-apiserver-token-auth-file',
  title: 'The API server must not use a static token file',
  description:
    'Every kube-apiserver container (identified by the program in command[0]) must not pass --token-auth-file, in either spelling.',
  rationale:
    'Static tokens live in clear text on the control-plane node, never expire and cannot be revoked without restarting the API server.',
  remediation:
    'Remove --token-auth-file and authenticate users with client certificates, OIDC or a webhook; workloads use service account tokens.',
  severity: 'high',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.2',
      title: 'Ensure that the --token-auth-file parameter is not set',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) => /(^|\/)kube-apiserver$/.test(c.command?.[0] ?? '')),
  check: (c) => flagValues(c, '--token-auth-file').length === 0,
  message: (c) =>
    `kube-apiserver container "${c.name ?? ''}" sets --token-auth-file (static bearer tokens)`,
  notes: [
    'Any occurrence fails, an empty value (`--token-auth-file=`) included. The flag takes a value: `--token-auth-file /etc/tokens.csv` (two arguments) is read like `--token-auth-file=/etc/tokens.csv`.',
  ],
  examples: {
    pass: [
      {
        name: 'no-token-file',
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
      - --client-ca-file=/etc/kubernetes/pki/ca.crt
`,
      },
      {
        name: 'after-terminator',
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
          - "--"
          - --token-auth-file=/etc/tokens.csv
`,
      },
    ],
    fail: [
      {
        name: 'equals-spelling',
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
      - --token-auth-file=/etc/kubernetes/tokens.csv
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'two-arguments',
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
        args:
          - --token-auth-file
          - /etc/kubernetes/tokens.csv
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
