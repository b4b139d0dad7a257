import { allContainers, defineRule, flagValues } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.2.14: kube-apiserver's `--enable-admission-plugins`
 * includes NodeRestriction. The flag is a list: every occurrence adds its plugins.
 */
export default defineRule({
  id: 'cis-apiserver-node-restriction',
  title: 'The API server must enable the NodeRestriction admission plugin',
  description:
    'Every kube-apiserver container (identified by the program in command[0]) must list NodeRestriction in --enable-admission-plugins.',
  rationale:
    'NodeRestriction limits each kubelet to its own Node object and the pods bound to it; without it a compromised node can modify other nodes and relabel itself to attract workloads.',
  remediation:
    'Add NodeRestriction to --enable-admission-plugins (kubeadm: --enable-admission-plugins=NodeRestriction).',
  severity: 'high',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.14',
      title: 'Ensure that the admission control plugin NodeRestriction is set',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) => /(^|\/)kube-apiserver$/.test(c.command?.[0] ?? '')),
  check: (c) =>
    flagValues(c, '--enable-admission-plugins').some((v) => /(^|,)NodeRestriction(,|$)/.test(v)),
  message: (c) =>
    `kube-apiserver container "${c.name ?? ''}" does not enable the NodeRestriction admission plugin (--enable-admission-plugins)`,
  notes: [
    'Plugins of every occurrence count (pflag appends a repeated list flag); the name must match exactly, split at commas (`NodeRestrictions` or ` NodeRestriction` with a space do not count, nor does the API server accept them).',
  ],
  examples: {
    pass: [
      {
        name: 'enabled',
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
      - --enable-admission-plugins=NodeRestriction
`,
      },
      {
        name: 'second-occurrence',
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
          - --enable-admission-plugins=NamespaceLifecycle
        args:
          - --enable-admission-plugins
          - EventRateLimit,NodeRestriction
`,
      },
    ],
    fail: [
      {
        name: 'not-listed',
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
      - --enable-admission-plugins=NamespaceLifecycle,ServiceAccount
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'misspelt',
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
          - --enable-admission-plugins=NodeRestrictions
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
