import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/**
 * PSS restricted "Running as Non-root user".
 * Semantics: k8s.io/pod-security-admission policy/check_runAsUser.go: runAsUser must not
 * be 0 on the pod or on any container; pods with spec.hostUsers: false are exempt (v1.35+).
 */
export default defineRule({
  id: 'pss-run-as-user',
  title: 'Containers must not set runAsUser to 0',
  description:
    'securityContext.runAsUser must not be 0 on the pod or on any container; user-namespaced pods (hostUsers: false) are exempt.',
  rationale:
    'runAsUser: 0 explicitly runs the container as root, which defeats runAsNonRoot and gives any attacker in the container root privileges.',
  remediation: 'Remove runAsUser: 0, or set a non-zero UID, on the pod and every container.',
  severity: 'medium',
  category: 'Pod Security Standards (Restricted)',
  controls: [
    { standard: 'pss', level: 'restricted', control: 'Running as Non-root user' },
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
    (spec.securityContext?.runAsUser !== 0 && c.securityContext?.runAsUser !== 0),
  message: (c) =>
    `container "${c.name ?? ''}" runs as UID 0 (runAsUser: 0 on the container or the pod): use a non-zero UID`,
  notes: [
    'Unset passes (pss-run-as-non-root covers images that default to root).',
    'A pod-level runAsUser: 0 reports every container, even one that overrides it with a non-zero UID: upstream rejects the pod-level setter.',
    'Pods with spec.hostUsers: false are exempt from Pod Security Standards v1.35 on; at pss.version v1.34 and older they are not.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-non-zero',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsUser: 1000}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'statefulset-root-in-user-namespace',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      hostUsers: false
      securityContext: {runAsUser: 0}
      containers:
        - {name: db, image: registry.example.com/db:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'pod-level-zero-container-overrides',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsUser: 0}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {runAsUser: 1000}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'deployment-ephemeral-root',
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
      ephemeralContainers:
        - name: debug
          image: registry.example.com/debug:1.0
          securityContext: {runAsUser: 0}
`,
        offending: ['/spec/template/spec/ephemeralContainers/0'],
      },
      {
        name: 'pod-root-in-user-namespace-at-v1-34',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostUsers: false
  securityContext: {runAsNonRoot: true}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {runAsUser: 0}
`,
        params: { pssMinorVersion: 34 },
        offending: ['/spec/containers/0'],
      },
    ],
  },
});
