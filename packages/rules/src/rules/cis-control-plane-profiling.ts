import { allContainers, booleanFlag, defineRule, flagValues } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 1.2.15, 1.3.2 and 1.4.1: kube-apiserver,
 * kube-controller-manager and kube-scheduler run with `--profiling=false` (the boolean
 * flag defaults to true in all three).
 */
const COMPONENT = /(^|\/)(kube-apiserver|kube-controller-manager|kube-scheduler)$/;

export default defineRule({
  id: 'cis-control-plane-profiling',
  title: 'Control-plane components must not expose profiling',
  description:
    'Every kube-apiserver, kube-controller-manager and kube-scheduler container (identified by the program in command[0]) must set --profiling=false.',
  rationale:
    'The pprof endpoints reveal internals (goroutine stacks, heap contents) and let a caller load the process; they are for debugging, not for production.',
  remediation: "Add --profiling=false to the component's command.",
  severity: 'medium',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '1.2.15',
      title: 'Ensure that the --profiling argument is set to false (API server)',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.3.2',
      title: 'Ensure that the --profiling argument is set to false (controller manager)',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '1.4.1',
      title: 'Ensure that the --profiling argument is set to false (scheduler)',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec).filter((c) => COMPONENT.test(c.command?.[0] ?? '')),
  check: (c) =>
    booleanFlag(c, '--profiling') === false &&
    !(/(^|\/)kube-scheduler$/.test(c.command?.[0] ?? '') && flagValues(c, '--config').length > 0),
  message: (c) =>
    `container "${c.name ?? ''}" (${c.command?.[0] ?? ''}) does not set --profiling=false${/(^|\/)kube-scheduler$/.test(c.command?.[0] ?? '') && flagValues(c, '--config').length > 0 ? ' (kube-scheduler ignores --profiling when --config is given: set enableProfiling: false in the config file)' : ''}`,
  notes: [
    "The flag is boolean: `--profiling false` (two arguments) means true, as Go's pflag reads it; every strconv.ParseBool spelling of false counts; the last occurrence wins.",
    'kube-scheduler ignores --profiling when --config names a KubeSchedulerConfiguration (enableProfiling there decides), which kpc cannot read: a scheduler with --config fails.',
  ],
  examples: {
    pass: [
      {
        name: 'scheduler-false',
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
      - --bind-address=127.0.0.1
      - --profiling=false
`,
      },
      {
        name: 'apiserver-last-false',
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
          - --profiling
        args:
          - --profiling=False
`,
      },
    ],
    fail: [
      {
        name: 'controller-manager-default',
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
        offending: ['/spec/containers/0'],
      },
      {
        name: 'apiserver-separate-false',
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
          - --profiling
          - "false"
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
