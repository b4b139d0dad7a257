import { allContainers, defineRule } from '@kpc/core';
import { PSS_MINOR_DESCRIPTION, PSS_MINOR_LATEST } from '../pss-version.ts';

/**
 * PSS restricted "Capabilities".
 * Semantics: k8s.io/pod-security-admission policy/check_capabilities_restricted.go: every
 * container must list "ALL" in securityContext.capabilities.drop and may add only
 * NET_BIND_SERVICE. Pods with spec.os.name "windows" are exempt (v1.25+).
 */
export default defineRule({
  id: 'pss-capabilities-restricted',
  title: 'Containers must drop ALL capabilities and add only NET_BIND_SERVICE',
  description:
    'Every container, init container and ephemeral container must drop ALL capabilities and may add back only NET_BIND_SERVICE (Windows pods are exempt).',
  rationale:
    'Even the default capability set (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW on some runtimes, …) gives an attacker more than most workloads need. Dropping everything and adding back only binding to low ports is the least-privilege baseline.',
  remediation:
    'Set securityContext.capabilities.drop: ["ALL"] on every container and remove every added capability other than NET_BIND_SERVICE.',
  severity: 'medium',
  category: 'Pod Security Standards (Restricted)',
  controls: [
    { standard: 'pss', level: 'restricted', control: 'Capabilities' },
    {
      standard: 'cis',
      id: '5.2.8',
      title: 'Minimize the admission of containers with the NET_RAW capability',
    },
    {
      standard: 'cis',
      id: '5.2.9',
      title: 'Minimize the admission of containers with added capabilities',
    },
    {
      standard: 'cis',
      id: '5.2.10',
      title: 'Minimize the admission of containers with capabilities assigned',
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
    ((c.securityContext?.capabilities?.drop ?? []).includes('ALL') &&
      (c.securityContext?.capabilities?.add ?? []).every((cap) => cap === 'NET_BIND_SERVICE')),
  message: (c) =>
    `container "${c.name ?? ''}" must set securityContext.capabilities.drop: ["ALL"] and add no capability other than NET_BIND_SERVICE`,
  notes: [
    'The comparison is exact: drop: ["all"] does not count as dropping ALL, as upstream.',
    'Pods with spec.os.name: windows are exempt from Pod Security Standards v1.25 on (at pss.version v1.23 and v1.24 they are not). Because upstream then also skips the overridden baseline capabilities check, a Windows pod passes the restricted profile whatever it adds; kpc mirrors this by replacing pss-capabilities-baseline with this rule in the restricted profile.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-drop-all-add-bind',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext:
        capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
`,
      },
      {
        name: 'deployment-windows-unset',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: win}
spec:
  selector: {matchLabels: {app: win}}
  template:
    metadata: {labels: {app: win}}
    spec:
      os: {name: windows}
      containers:
        - {name: app, image: registry.example.com/win:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'pod-unset-and-lowercase-all',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: unset, image: registry.example.com/app:1.0}
    - name: lowercase
      image: registry.example.com/app:1.0
      securityContext: {capabilities: {drop: [all]}}
`,
        offending: ['/spec/containers/0', '/spec/containers/1'],
      },
      {
        name: 'job-init-adds-chown',
        yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: init
          image: registry.example.com/init:1.0
          securityContext: {capabilities: {drop: [ALL], add: [CHOWN]}}
      containers:
        - name: job
          image: registry.example.com/job:1.0
          securityContext: {capabilities: {drop: [ALL]}}
`,
        offending: ['/spec/template/spec/initContainers/0'],
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
