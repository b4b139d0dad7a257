import { defineRule } from '@kpc/core';

/**
 * Hardening: every container and init container declares CPU and memory requests.
 * Ephemeral containers are exempt (the API forbids resources on them).
 */
export default defineRule({
  id: 'resources-requests',
  title: 'Containers must declare CPU and memory requests',
  description:
    'Every container and init container must set resources.requests.cpu and resources.requests.memory.',
  rationale:
    'Requests drive scheduling and the pod QoS class. Without them the scheduler overcommits nodes, the workload is evicted first under pressure, and a noisy neighbour can starve co-located workloads.',
  remediation:
    'Set resources.requests.cpu and resources.requests.memory on every container and init container, sized from observed usage.',
  severity: 'medium',
  category: 'Resource management',
  controls: [
    { standard: 'nsa-cisa', section: 'Network separation and hardening: Resource policies' },
    { standard: 'bsi', id: 'SYS.1.6.A15' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => [...(spec.containers ?? []), ...(spec.initContainers ?? [])],
  check: (c) =>
    c.resources?.requests?.cpu !== undefined && c.resources?.requests?.memory !== undefined,
  message: (c) =>
    `container "${c.name ?? ''}" must set resources.requests.cpu and resources.requests.memory`,
  notes: [
    'Presence is checked, not the amount: "0" is a declared request and passes.',
    'The API server copies limits into missing requests; kpc checks the manifest as written, so set requests explicitly.',
    'A LimitRange default in the namespace is cross-object and not taken into account.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-requests',
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
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
`,
      },
      {
        name: 'pod-numeric-cpu-with-ephemeral',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources: {requests: {cpu: 1, memory: 1Gi}}
  ephemeralContainers:
    - {name: debug, image: registry.example.com/debug:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'pod-memory-missing',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources: {requests: {cpu: 100m}}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'job-init-without-resources',
        yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - {name: init, image: registry.example.com/init:1.0}
      containers:
        - name: job
          image: registry.example.com/job:1.0
          resources: {requests: {cpu: 100m, memory: 64Mi}}
`,
        offending: ['/spec/template/spec/initContainers/0'],
      },
    ],
  },
});
