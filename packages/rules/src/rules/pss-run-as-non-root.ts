import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/**
 * PSS restricted "Running as Non-root".
 * Semantics: k8s.io/pod-security-admission policy/check_runAsNonRoot.go: the pod must not
 * set runAsNonRoot: false; each container must not set it to false, and a container that leaves
 * it unset must inherit true from the pod. Pods with spec.hostUsers: false are exempt (v1.35+).
 */
export default defineRule({
  id: 'pss-run-as-non-root',
  title: 'Containers must run as non-root',
  description:
    'runAsNonRoot must be true for every container, set on the container or inherited from the pod, and false is allowed on neither; user-namespaced pods (hostUsers: false) are exempt.',
  rationale:
    'runAsNonRoot makes the kubelet refuse to start a container whose user is root (UID 0). Root in a container is root on the node as soon as any isolation layer fails.',
  remediation:
    'Set securityContext.runAsNonRoot: true on the pod (inherited by every container) or on every container, remove every runAsNonRoot: false, and build images with a numeric non-root USER.',
  severity: 'medium',
  category: 'Pod Security Standards (Restricted)',
  controls: [
    { standard: 'pss', level: 'restricted', control: 'Running as Non-root' },
    { standard: 'cis', id: '5.2.7', title: 'Minimize the admission of root containers' },
    {
      standard: 'nsa-cisa',
      section: 'Kubernetes Pod security: Non-root containers and rootless container engines',
    },
    { standard: 'bsi', id: 'SYS.1.6.A17' },
  ],
  params: {
    pssMinorVersion: {
      type: 'integer',
      default: PSS_MINOR_LATEST,
      description: PSS_MINOR_DESCRIPTION,
    },
  },
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c, { spec, params }) =>
    (params.pssMinorVersion >= 35 && spec.hostUsers === false) ||
    (spec.securityContext?.runAsNonRoot !== false &&
      (c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) === true),
  message: (c) =>
    `container "${c.name ?? ''}" may run as root: set securityContext.runAsNonRoot: true on the pod or the container (false is allowed on neither)`,
  notes: [
    'A container-level true does not repair a pod-level false: upstream rejects the pod-level setter, so every container is reported.',
    'null is the same as unset (the API server drops it): a container with runAsNonRoot: null inherits the pod value.',
    'Pods with spec.hostUsers: false (user namespaces) are exempt from Pod Security Standards v1.35 on; at pss.version v1.34 and older they are not. Windows pods are not exempt.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-inherits-true',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsNonRoot: true}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
    - name: sidecar
      image: registry.example.com/sidecar:1.0
      securityContext: {runAsNonRoot: null}
`,
      },
      {
        name: 'cronjob-every-container-true',
        yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: init
              image: registry.example.com/init:1.0
              securityContext: {runAsNonRoot: true}
          containers:
            - name: job
              image: registry.example.com/job:1.0
              securityContext: {runAsNonRoot: true}
`,
      },
      {
        name: 'deployment-user-namespace',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostUsers: false
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'pod-unset',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'pod-level-false-container-true',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsNonRoot: false}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {runAsNonRoot: true}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'deployment-init-false',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true}
      initContainers:
        - name: init
          image: registry.example.com/init:1.0
          securityContext: {runAsNonRoot: false}
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        offending: ['/spec/template/spec/initContainers/0'],
      },
      {
        name: 'pod-user-namespace-at-v1-34',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostUsers: false
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        params: { pssMinorVersion: 34 },
        offending: ['/spec/containers/0'],
      },
    ],
  },
});
