import { allContainers, defineRule, flagValue, flagValues } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.2.6–1.2.8: kube-apiserver's `--authorization-mode`
 * does not contain AlwaysAllow and includes Node and RBAC. The flag is a list (pflag
 * StringSlice): every occurrence adds its comma-separated modes; unset means AlwaysAllow.
 */
const ALWAYS_ALLOW = /(^|,)AlwaysAllow(,|$)/;
const NODE = /(^|,)Node(,|$)/;
const RBAC = /(^|,)RBAC(,|$)/;

export default defineRule({
  id: 'cis-apiserver-authorization-mode',
  title: 'The API server must authorize with Node and RBAC, never AlwaysAllow',
  description:
    'Every kube-apiserver container (identified by the program in command[0]) must pass --authorization-mode with modes that include Node and RBAC and not AlwaysAllow.',
  rationale:
    "AlwaysAllow (the default when the flag is missing) lets every authenticated request do anything; without Node, kubelets need broad RBAC grants instead of access to their own node's objects only.",
  remediation: 'Set --authorization-mode=Node,RBAC (kubeadm does so by default).',
  severity: 'critical',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.6',
      title: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.7',
      title: 'Ensure that the --authorization-mode argument includes Node',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.8',
      title: 'Ensure that the --authorization-mode argument includes RBAC',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) => /(^|\/)kube-apiserver$/.test(c.command?.[0] ?? '')),
  check: (c) =>
    !flagValues(c, '--authorization-mode').some((v) => ALWAYS_ALLOW.test(v)) &&
    flagValues(c, '--authorization-mode').some((v) => NODE.test(v)) &&
    flagValues(c, '--authorization-mode').some((v) => RBAC.test(v)),
  message: (c) =>
    `kube-apiserver container "${c.name ?? ''}" must authorize with Node and RBAC and without AlwaysAllow (last --authorization-mode: ${flagValue(c, '--authorization-mode') ?? 'unset, meaning AlwaysAllow'})`,
  notes: [
    'The modes of every occurrence count, as pflag appends a repeated list flag: `--authorization-mode=Node --authorization-mode=RBAC` passes. Modes are split at commas; CSV quoting inside a value is not read (a quoted list is an invalid mode to the API server as well).',
    'A missing flag fails: the API server then uses AlwaysAllow. With --authorization-config (structured authorization, Kubernetes 1.29+) the modes are in a file kpc cannot read, so the rule fails too.',
  ],
  examples: {
    pass: [
      {
        name: 'node-rbac',
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
      },
      {
        name: 'repeated-list-flag',
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
          - --authorization-mode
          - Node
        args:
          - --authorization-mode=Webhook,RBAC
`,
      },
    ],
    fail: [
      {
        name: 'unset-means-always-allow',
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
      - --anonymous-auth=false
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'always-allow-added',
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
          - --authorization-mode=Node,RBAC
        args:
          - --authorization-mode=AlwaysAllow
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
