import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/**
 * PSS baseline "Host Probes / Lifecycle Hooks" (policy version 1.34+).
 * Semantics: k8s.io/pod-security-admission policy/check_hostProbesAndhostLifecycle.go: the
 * `host` field of httpGet and tcpSocket in liveness, readiness and startup probes and in the
 * postStart and preStop lifecycle handlers must be unset or "". Init and ephemeral containers included.
 */
export default defineRule({
  id: 'pss-host-probes-lifecycle',
  title: 'Probes and lifecycle hooks must not target another host',
  description:
    'The host field of httpGet and tcpSocket actions in liveness, readiness and startup probes and in postStart/preStop lifecycle hooks must be unset or empty, in every container.',
  rationale:
    'The kubelet performs probes and lifecycle HTTP/TCP actions from the node. A custom host turns them into a server-side request forgery channel from the node to arbitrary addresses, such as cloud metadata endpoints or node-local services.',
  remediation:
    'Remove the host field from probe and lifecycle httpGet/tcpSocket actions; they then target the pod IP. Use an httpHeaders Host header for virtual hosts.',
  severity: 'medium',
  category: 'Pod Security Standards (Baseline)',
  controls: [{ standard: 'pss', level: 'baseline', control: 'Host Probes / Lifecycle Hooks' }],
  params: {
    pssMinorVersion: {
      type: 'integer',
      default: PSS_MINOR_LATEST,
      description: PSS_MINOR_DESCRIPTION,
    },
  },
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c, { params }) =>
    params.pssMinorVersion < 34 ||
    ((c.livenessProbe?.httpGet?.host ?? '') === '' &&
      (c.livenessProbe?.tcpSocket?.host ?? '') === '' &&
      (c.readinessProbe?.httpGet?.host ?? '') === '' &&
      (c.readinessProbe?.tcpSocket?.host ?? '') === '' &&
      (c.startupProbe?.httpGet?.host ?? '') === '' &&
      (c.startupProbe?.tcpSocket?.host ?? '') === '' &&
      (c.lifecycle?.postStart?.httpGet?.host ?? '') === '' &&
      (c.lifecycle?.postStart?.tcpSocket?.host ?? '') === '' &&
      (c.lifecycle?.preStop?.httpGet?.host ?? '') === '' &&
      (c.lifecycle?.preStop?.tcpSocket?.host ?? '') === ''),
  message: (c) =>
    `container "${c.name ?? ''}" sets a host in a probe or lifecycle hook (httpGet.host/tcpSocket.host): remove it`,
  notes: [
    'An empty string host passes, as upstream (Go zero value). grpc and exec actions have no host field.',
    'The check exists from Pod Security Standards v1.34 on. At pss.version v1.33 and older this rule passes every pod, as upstream has no such check there.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-probe-without-host',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      livenessProbe: {httpGet: {path: /healthz, port: 8080}}
      readinessProbe: {tcpSocket: {port: 8080}}
`,
      },
      {
        name: 'deployment-empty-host',
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
          lifecycle: {preStop: {httpGet: {host: "", path: /stop, port: 8080}}}
`,
      },
      {
        name: 'pod-probe-host-at-v1-33',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      livenessProbe: {httpGet: {host: 10.0.0.1, path: /healthz, port: 8080}}
`,
        params: { pssMinorVersion: 33 },
      },
    ],
    fail: [
      {
        name: 'pod-liveness-metadata-host',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      livenessProbe: {httpGet: {host: 169.254.169.254, path: /latest/meta-data, port: 80}}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'statefulset-post-start-tcp-host',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - {name: ok, image: registry.example.com/db:1.0}
        - name: sidecar
          image: registry.example.com/sidecar:1.0
          lifecycle: {postStart: {tcpSocket: {host: localhost, port: 22}}}
`,
        offending: ['/spec/template/spec/containers/1'],
      },
    ],
  },
});
