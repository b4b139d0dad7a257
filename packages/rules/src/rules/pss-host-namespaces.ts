import { defineRule } from '@kpc/core';

/**
 * PSS baseline "Host Namespaces".
 * Semantics: k8s.io/pod-security-admission policy/check_hostNamespaces.go: hostNetwork,
 * hostPID and hostIPC must each be unset or false. Reported once per pod spec, as upstream does.
 */
export default defineRule({
  id: 'pss-host-namespaces',
  title: 'Pods must not share the host namespaces',
  description:
    'The pod spec must leave hostNetwork, hostPID and hostIPC unset or set them to false.',
  rationale:
    "Sharing the node's network, process or IPC namespace lets a container sniff node traffic, bind node ports, see and signal every process on the node and read shared memory of other workloads: isolation from the node is gone.",
  remediation:
    'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false). Expose network services through a Service instead of the node network.',
  severity: 'high',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'Host Namespaces' },
    {
      standard: 'cis',
      id: '5.2.3',
      title: 'Minimize the admission of containers wishing to share the host process ID namespace',
    },
    {
      standard: 'cis',
      id: '5.2.4',
      title: 'Minimize the admission of containers wishing to share the host IPC namespace',
    },
    {
      standard: 'cis',
      id: '5.2.5',
      title: 'Minimize the admission of containers wishing to share the host network namespace',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'APP.4.4.A4' },
  ],
  target: 'PodSpec',
  check: (spec) => spec.hostNetwork !== true && spec.hostPID !== true && spec.hostIPC !== true,
  message: (spec) =>
    `pod shares host namespaces:${spec.hostNetwork === true ? ' hostNetwork=true' : ''}${spec.hostPID === true ? ' hostPID=true' : ''}${spec.hostIPC === true ? ' hostIPC=true' : ''}; remove them or set them to false`,
  notes: [
    'The element is the pod spec: host namespaces are a pod-level setting, and upstream reports them once per pod.',
    'Unset, null and false all pass; only the literal value true fails.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-unset',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'daemonset-explicit-false-and-null',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostNetwork: false
      hostPID: null
      containers:
        - {name: agent, image: registry.example.com/agent:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'pod-host-network',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostNetwork: true
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        offending: ['/spec'],
      },
      {
        name: 'daemonset-host-pid-and-ipc',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostPID: true
      hostIPC: true
      containers:
        - {name: agent, image: registry.example.com/agent:1.0}
`,
        offending: ['/spec/template/spec'],
      },
    ],
  },
});
