import { allContainers, defineRule } from '@kpc/core';

/**
 * PSS baseline "Privileged Containers".
 * Semantics: k8s.io/pod-security-admission policy/check_privileged.go: every container,
 * init container and ephemeral container must leave securityContext.privileged unset or false.
 */
export default defineRule({
  id: 'pss-privileged',
  title: 'Containers must not be privileged',
  description:
    'Every container, init container and ephemeral container must leave securityContext.privileged unset or set it to false.',
  rationale:
    'A privileged container runs with all capabilities and access to every host device: it is root on the node, and one escape away from the whole cluster.',
  remediation:
    'Remove securityContext.privileged or set it to false; grant only the specific capabilities the workload needs.',
  severity: 'critical',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'Privileged Containers' },
    { standard: 'cis', id: '5.2.2', title: 'Minimize the admission of privileged containers' },
    {
      standard: 'nsa-cisa',
      section: 'Kubernetes Pod security: Pod security enforcement',
    },
    { standard: 'bsi', id: 'SYS.1.6.A17' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => c.securityContext?.privileged !== true,
  message: (c) => `container "${c.name ?? ''}" is privileged (securityContext.privileged: true)`,
  notes: [
    'Only the literal true fails; unset, null and false pass. There is no pod-level privileged setting.',
    'Init and ephemeral containers are checked like regular containers, as upstream visits every container.',
    'Windows HostProcess containers are covered by pss-windows-host-process.',
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
        name: 'deployment-false',
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
          securityContext: {privileged: false}
`,
      },
    ],
    fail: [
      {
        name: 'pod-privileged',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {privileged: true}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'cronjob-init-privileged',
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
            - name: setup
              image: registry.example.com/setup:1.0
              securityContext: {privileged: true}
          containers:
            - {name: job, image: registry.example.com/job:1.0}
`,
        offending: ['/spec/jobTemplate/spec/template/spec/initContainers/0'],
      },
    ],
  },
});
