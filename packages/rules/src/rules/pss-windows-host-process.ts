import { allContainers, defineRule } from '@kpc/core';

/**
 * PSS baseline "HostProcess".
 * Semantics: k8s.io/pod-security-admission policy/check_windowsHostProcess.go:
 * securityContext.windowsOptions.hostProcess must be unset or false on the pod and on every container.
 */
export default defineRule({
  id: 'pss-windows-host-process',
  title: 'Windows pods must not run HostProcess containers',
  description:
    'securityContext.windowsOptions.hostProcess must be unset or false on the pod and on every container, init container and ephemeral container.',
  rationale:
    'A Windows HostProcess container runs directly on the host with the privileges of a node administrator: it is the Windows equivalent of a privileged container with host namespaces.',
  remediation:
    'Remove windowsOptions.hostProcess (or set it to false) on the pod and on every container.',
  severity: 'critical',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'HostProcess' },
    {
      standard: 'cis',
      id: '5.2.11',
      title: 'Minimize the admission of Windows HostProcess Containers',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'SYS.1.6.A17' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c, { spec }) =>
    spec.securityContext?.windowsOptions?.hostProcess !== true &&
    c.securityContext?.windowsOptions?.hostProcess !== true,
  message: (c) =>
    `container "${c.name ?? ''}" runs as a Windows HostProcess container (windowsOptions.hostProcess: true on the container or the pod)`,
  notes: [
    'A pod-level hostProcess: true applies to every container and reports every container, even those that set false themselves (upstream rejects the pod-level setter).',
    'The check applies whatever spec.os.name says: a Linux pod that sets hostProcess also fails, as upstream.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-windows-not-host-process',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  securityContext: {windowsOptions: {runAsUserName: ContainerUser}}
  containers:
    - name: app
      image: registry.example.com/win:1.0
      securityContext: {windowsOptions: {hostProcess: false}}
`,
      },
      {
        name: 'deployment-unset',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'daemonset-pod-level-host-process',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: win-agent}
spec:
  selector: {matchLabels: {app: win-agent}}
  template:
    metadata: {labels: {app: win-agent}}
    spec:
      os: {name: windows}
      hostNetwork: true
      securityContext: {windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}}
      containers:
        - {name: agent, image: registry.example.com/win-agent:1.0}
        - name: helper
          image: registry.example.com/win-helper:1.0
          securityContext: {windowsOptions: {hostProcess: false}}
`,
        offending: ['/spec/template/spec/containers/0', '/spec/template/spec/containers/1'],
      },
      {
        name: 'pod-container-host-process',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - name: app
      image: registry.example.com/win:1.0
      securityContext: {windowsOptions: {hostProcess: true}}
`,
        offending: ['/spec/containers/0'],
      },
    ],
  },
});
