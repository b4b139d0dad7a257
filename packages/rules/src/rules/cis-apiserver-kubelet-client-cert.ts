import { allContainers, defineRule, flagValue } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.2.4: kube-apiserver authenticates to kubelets with a
 * client certificate (`--kubelet-client-certificate` and `--kubelet-client-key`).
 */
export default defineRule({
  id: 'cis-apiserver-kubelet-client-cert',
  title: 'The API server must authenticate to kubelets with a client certificate',
  description:
    'Every kube-apiserver container (identified by the program in command[0]) must set --kubelet-client-certificate and --kubelet-client-key to non-empty paths.',
  rationale:
    'Without a client certificate the API server calls the kubelet API (exec, logs, port-forward) unauthenticated, so kubelets must either allow anonymous access or refuse the API server.',
  remediation:
    "Set --kubelet-client-certificate and --kubelet-client-key to a certificate signed by the kubelets' client CA (kubeadm: /etc/kubernetes/pki/apiserver-kubelet-client.crt and .key).",
  severity: 'high',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.4',
      title:
        'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) => /(^|\/)kube-apiserver$/.test(c.command?.[0] ?? '')),
  check: (c) =>
    (flagValue(c, '--kubelet-client-certificate') ?? '') !== '' &&
    (flagValue(c, '--kubelet-client-key') ?? '') !== '',
  message: (c) =>
    `kube-apiserver container "${c.name ?? ''}" does not set both --kubelet-client-certificate and --kubelet-client-key`,
  notes: [
    'The last occurrence of each flag counts; an empty value counts as not set.',
    'CIS 1.2.5 (--kubelet-certificate-authority) is not part of this rule: kubeadm does not set it by default, and it needs kubelet serving certificates signed by a known CA.',
  ],
  examples: {
    pass: [
      {
        name: 'kubeadm-defaults',
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
      - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
      - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
`,
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
          - --kubelet-client-certificate
          - /etc/kubernetes/pki/apiserver-kubelet-client.crt
          - --kubelet-client-key
          - /etc/kubernetes/pki/apiserver-kubelet-client.key
`,
      },
    ],
    fail: [
      {
        name: 'key-missing',
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
      - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'key-emptied-later',
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
          - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
          - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
        args:
          - --kubelet-client-key=
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
