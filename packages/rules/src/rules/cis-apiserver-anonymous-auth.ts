import { allContainers, booleanFlag, defineRule } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.2.1: kube-apiserver runs with `--anonymous-auth=false`.
 * The flag is a boolean that defaults to true (k8s.io/kubernetes pkg/kubeapiserver/options).
 */
export default defineRule({
  id: 'cis-apiserver-anonymous-auth',
  title: 'The API server must not accept anonymous requests',
  description:
    'Every kube-apiserver container (identified by the program in command[0]) must set --anonymous-auth=false.',
  rationale:
    'With anonymous authentication on, a request without credentials is served as system:anonymous; any RBAC binding to it or to system:unauthenticated opens the API to the network.',
  remediation:
    'Add --anonymous-auth=false to the kube-apiserver command (for kubeadm, /etc/kubernetes/manifests/kube-apiserver.yaml or apiServer.extraArgs).',
  severity: 'high',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.1',
      title: 'Ensure that the --anonymous-auth argument is set to false',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) => /(^|\/)kube-apiserver$/.test(c.command?.[0] ?? '')),
  check: (c) => booleanFlag(c, '--anonymous-auth') === false,
  message: (c) =>
    `kube-apiserver container "${c.name ?? ''}" does not set --anonymous-auth=false (anonymous requests are accepted by default)`,
  notes: [
    "The flag is boolean: `--anonymous-auth false` (two arguments) sets it to true and passes `false` as an argument, as Go's pflag reads it. Every spelling strconv.ParseBool accepts counts (`false`, `0`, `f`, `F`, `FALSE`, `False`); the last occurrence wins.",
  ],
  examples: {
    pass: [
      {
        name: 'static-pod-false',
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
      - --authorization-mode=Node,RBAC
`,
      },
      {
        name: 'self-hosted-parse-bool-spelling',
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
          - /usr/local/bin/kube-apiserver
        args:
          - --anonymous-auth=true
          - --anonymous-auth=0
`,
      },
    ],
    fail: [
      {
        name: 'unset',
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
        name: 'separate-false-is-an-argument',
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
          - --anonymous-auth=false
        args:
          - --anonymous-auth
          - "false"
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
