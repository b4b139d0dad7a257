import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/**
 * PSS restricted "Privilege Escalation".
 * Semantics: k8s.io/pod-security-admission policy/check_allowPrivilegeEscalation.go:
 * every container must set securityContext.allowPrivilegeEscalation to false explicitly;
 * pods with spec.os.name "windows" are exempt from policy version v1.25 on.
 */
export default defineRule({
  id: 'pss-allow-privilege-escalation',
  title: 'Containers must disallow privilege escalation',
  description:
    'Every container, init container and ephemeral container must set securityContext.allowPrivilegeEscalation: false (Windows pods are exempt).',
  rationale:
    'With privilege escalation allowed (the default), a process can gain more privileges than its parent, for example through setuid binaries or file capabilities, and so turn a foothold into root inside the container.',
  remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  severity: 'medium',
  category: 'Pod Security Standards (Restricted)',
  controls: [
    { standard: 'pss', level: 'restricted', control: 'Privilege Escalation' },
    {
      standard: 'cis',
      id: '5.2.6',
      title: 'Minimize the admission of containers with allowPrivilegeEscalation',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
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
    (params.pssMinorVersion >= 25 && spec.os?.name === 'windows') ||
    c.securityContext?.allowPrivilegeEscalation === false,
  message: (c) =>
    `container "${c.name ?? ''}" must set securityContext.allowPrivilegeEscalation: false`,
  notes: [
    'Unset fails: the Kubernetes default allows escalation, and upstream requires an explicit false.',
    'Pods with spec.os.name: windows are exempt from Pod Security Standards v1.25 on; at pss.version v1.23 and v1.24 they must set it too, as upstream. Any other or missing os.name is treated as Linux.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-explicit-false',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
        - name: init
          image: registry.example.com/init:1.0
          securityContext: {allowPrivilegeEscalation: false}
      containers:
        - name: app
          image: registry.example.com/app:1.0
          securityContext: {allowPrivilegeEscalation: false}
`,
      },
      {
        name: 'pod-windows-unset',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - {name: app, image: registry.example.com/win:1.0}
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
        name: 'job-linux-true-and-null',
        yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      os: {name: linux}
      restartPolicy: Never
      containers:
        - name: ok
          image: registry.example.com/job:1.0
          securityContext: {allowPrivilegeEscalation: false}
        - name: escalates
          image: registry.example.com/job:1.0
          securityContext: {allowPrivilegeEscalation: true}
        - name: null-value
          image: registry.example.com/job:1.0
          securityContext: {allowPrivilegeEscalation: null}
`,
        offending: ['/spec/template/spec/containers/1', '/spec/template/spec/containers/2'],
      },
      {
        name: 'pod-windows-at-v1-24',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        params: { pssMinorVersion: 24 },
        offending: ['/spec/containers/0'],
      },
    ],
  },
});
