import { allContainers, defineRule, flagValue } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.3.7 and 1.4.2: kube-controller-manager and
 * kube-scheduler bind their secure port to 127.0.0.1 (`--bind-address` defaults to 0.0.0.0).
 */
export default defineRule({
  id: 'cis-control-plane-bind-address',
  title: 'Controller manager and scheduler must listen on localhost only',
  description:
    'Every kube-controller-manager and kube-scheduler container (identified by the program in command[0]) must set --bind-address=127.0.0.1.',
  rationale:
    'Both components serve health, metrics and (unless disabled) profiling endpoints; bound to every interface they are reachable from the network.',
  remediation: 'Set --bind-address=127.0.0.1 (kubeadm does so by default).',
  severity: 'medium',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.3.7',
      title: 'Ensure that the --bind-address argument is set to 127.0.0.1 (controller manager)',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.4.2',
      title: 'Ensure that the --bind-address argument is set to 127.0.0.1 (scheduler)',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) =>
    allContainers(spec).filter((c) =>
      /(^|\/)(kube-controller-manager|kube-scheduler)$/.test(c.command?.[0] ?? ''),
    ),
  check: (c) => flagValue(c, '--bind-address') === '127.0.0.1',
  message: (c) =>
    `container "${c.name ?? ''}" (${c.command?.[0] ?? ''}) binds to ${flagValue(c, '--bind-address') ?? '0.0.0.0 (the default)'}, not 127.0.0.1`,
  notes: [
    'A missing flag fails: both components then listen on 0.0.0.0. (kube-bench also passes an unset flag; CIS asks for the flag to be set.) The last occurrence counts; `--bind-address 127.0.0.1` (two arguments) is read like `--bind-address=127.0.0.1`.',
  ],
  examples: {
    pass: [
      {
        name: 'controller-manager-localhost',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: kube-controller-manager, namespace: kube-system}
spec:
  hostNetwork: true
  containers:
  - name: kube-controller-manager
    image: registry.k8s.io/kube-controller-manager:v1.29.3
    command:
      - kube-controller-manager
      - --bind-address=127.0.0.1
`,
      },
      {
        name: 'scheduler-two-arguments',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-scheduler, namespace: kube-system}
spec:
  selector: {matchLabels: {component: kube-scheduler}}
  template:
    metadata: {labels: {component: kube-scheduler}}
    spec:
      hostNetwork: true
      containers:
      - name: kube-scheduler
        image: registry.k8s.io/kube-scheduler:v1.29.3
        command:
          - kube-scheduler
          - --bind-address
          - "127.0.0.1"
`,
      },
    ],
    fail: [
      {
        name: 'scheduler-all-interfaces',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: kube-scheduler, namespace: kube-system}
spec:
  hostNetwork: true
  containers:
  - name: kube-scheduler
    image: registry.k8s.io/kube-scheduler:v1.29.3
    command:
      - kube-scheduler
      - --bind-address=0.0.0.0
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'controller-manager-default',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-controller-manager, namespace: kube-system}
spec:
  selector: {matchLabels: {component: kube-controller-manager}}
  template:
    metadata: {labels: {component: kube-controller-manager}}
    spec:
      hostNetwork: true
      containers:
      - name: kube-controller-manager
        image: registry.k8s.io/kube-controller-manager:v1.29.3
        command:
          - kube-controller-manager
          - --leader-elect=true
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
