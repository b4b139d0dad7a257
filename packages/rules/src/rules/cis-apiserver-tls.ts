import { allContainers, defineRule, flagValue } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.2.23–1.2.26: kube-apiserver serves TLS with its own
 * certificate, verifies client certificates, and talks to etcd over mutual TLS.
 */
export default defineRule({
  id: 'cis-apiserver-tls',
  title: 'The API server must use TLS for clients and for etcd',
  description:
    'Every kube-apiserver container (identified by the program in command[0]) must set --tls-cert-file, --tls-private-key-file, --client-ca-file, --etcd-cafile, --etcd-certfile and --etcd-keyfile to non-empty paths.',
  rationale:
    'Without its own serving certificate the API server makes up a self-signed one clients cannot verify; without a client CA no client certificate is accepted; without etcd TLS every object, Secrets included, crosses the network in clear text and unauthenticated.',
  remediation:
    "Set the six flags to the control plane's certificates (kubeadm: /etc/kubernetes/pki/apiserver.crt and .key, ca.crt, etcd/ca.crt, apiserver-etcd-client.crt and .key).",
  severity: 'high',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.23',
      title: 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.24',
      title:
        'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.25',
      title: 'Ensure that the --client-ca-file argument is set as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.2.26',
      title: 'Ensure that the --etcd-cafile argument is set as appropriate',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) => /(^|\/)kube-apiserver$/.test(c.command?.[0] ?? '')),
  check: (c) =>
    (flagValue(c, '--tls-cert-file') ?? '') !== '' &&
    (flagValue(c, '--tls-private-key-file') ?? '') !== '' &&
    (flagValue(c, '--client-ca-file') ?? '') !== '' &&
    (flagValue(c, '--etcd-cafile') ?? '') !== '' &&
    (flagValue(c, '--etcd-certfile') ?? '') !== '' &&
    (flagValue(c, '--etcd-keyfile') ?? '') !== '',
  message: (c) =>
    `kube-apiserver container "${c.name ?? ''}" lacks TLS flags:${(flagValue(c, '--tls-cert-file') ?? '') === '' ? ' --tls-cert-file' : ''}${(flagValue(c, '--tls-private-key-file') ?? '') === '' ? ' --tls-private-key-file' : ''}${(flagValue(c, '--client-ca-file') ?? '') === '' ? ' --client-ca-file' : ''}${(flagValue(c, '--etcd-cafile') ?? '') === '' ? ' --etcd-cafile' : ''}${(flagValue(c, '--etcd-certfile') ?? '') === '' ? ' --etcd-certfile' : ''}${(flagValue(c, '--etcd-keyfile') ?? '') === '' ? ' --etcd-keyfile' : ''}`,
  notes: [
    'The last occurrence of each flag counts; an empty value counts as not set. The message lists the missing flags.',
    'The rule checks that the flags are given, as CIS does; whether the files exist and chain to the right CA is for the node audit (kube-bench).',
  ],
  examples: {
    pass: [
      {
        name: 'kubeadm-pki',
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
      - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
      - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
      - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
      - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
      - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
`,
      },
      {
        name: 'self-hosted-args',
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
          - --client-ca-file=/pki/ca.crt
          - --etcd-cafile=/pki/etcd-ca.crt
          - --etcd-certfile=/pki/etcd.crt
          - --etcd-keyfile=/pki/etcd.key
          - --tls-cert-file=/pki/apiserver.crt
          - --tls-private-key-file=/pki/apiserver.key
`,
      },
    ],
    fail: [
      {
        name: 'no-etcd-tls',
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
      - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
      - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'no-client-ca',
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
          - --etcd-cafile=/pki/etcd-ca.crt
          - --etcd-certfile=/pki/etcd.crt
          - --etcd-keyfile=/pki/etcd.key
          - --tls-cert-file=/pki/apiserver.crt
          - --tls-private-key-file=/pki/apiserver.key
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
