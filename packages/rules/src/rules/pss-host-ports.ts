import { allContainers, defineRule } from '@kpc/core';

/**
 * PSS baseline "Host Ports".
 * Semantics: k8s.io/pod-security-admission policy/check_hostPorts.go: every port of every
 * container (init and ephemeral included) must leave hostPort unset or 0. One finding per container.
 */
export default defineRule({
  id: 'pss-host-ports',
  title: 'Containers must not use host ports',
  description:
    'Every port of every container, init container and ephemeral container must leave hostPort unset or set it to 0.',
  rationale:
    'A host port binds the container directly to the node network: it bypasses NetworkPolicies and Services, limits scheduling, and exposes the workload on every address of the node.',
  remediation: 'Remove hostPort from container ports and expose the workload through a Service.',
  severity: 'high',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'Host Ports' },
    {
      standard: 'cis',
      id: '5.2.13',
      title: 'Minimize the admission of containers which use HostPorts',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'APP.4.4.A4' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => (c.ports ?? []).every((p) => (p.hostPort ?? 0) === 0),
  message: (c) => `container "${c.name ?? ''}" binds a hostPort: remove hostPort from its ports`,
  notes: [
    'hostPort: 0 is the same as unset and passes, as upstream (Go zero value).',
    'Reported once per container (the upstream unit), not once per port.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-container-port-only',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      ports: [{containerPort: 8080}]
`,
      },
      {
        name: 'deployment-host-port-zero',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1.0
          ports: [{containerPort: 8080, hostPort: 0}]
`,
      },
    ],
    fail: [
      {
        name: 'pod-host-port',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      ports: [{containerPort: 8080}, {containerPort: 9090, hostPort: 9090}]
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'replicationcontroller-init-host-port',
        yaml: `apiVersion: v1
kind: ReplicationController
metadata: {name: web}
spec:
  selector: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
        - name: warmup
          image: registry.example.com/warmup:1.0
          ports: [{containerPort: 80, hostPort: 80}]
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        offending: ['/spec/template/spec/initContainers/0'],
      },
    ],
  },
});
