import { defineRule } from '@kpc/core';

/**
 * Team rule: every workload's pods carry a non-empty `team` label, so that alerts, cost
 * reports and incident pages reach the owning team.
 */
export default defineRule({
  id: 'require-team-label',
  title: 'Workloads must carry a team label',
  description: 'The pods of every workload must have a non-empty `team` label.',
  rationale:
    'Alert routing, cost allocation and incident response look the owner up by the team label; an unlabelled workload pages nobody.',
  remediation:
    'Add `team: <your-team>` to the pod template labels (spec.template.metadata.labels) or to the Pod.',
  severity: 'medium',
  category: 'Ownership',
  controls: [],
  target: 'PodSpec',
  check: (_spec, { metadata }) => (metadata.labels?.team ?? '') !== '',
  message: (_spec, { object }) =>
    `${object.kind} "${object.metadata?.name ?? ''}" has no team label on its pods`,
  examples: {
    pass: [
      {
        name: 'deployment-with-team',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, team: shop}}
    spec:
      containers:
        - {name: app, image: registry.example.com/shop/web:1.4.2}
`,
      },
      {
        name: 'pod-with-team',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug, labels: {team: sre}}
spec:
  containers:
    - {name: shell, image: registry.example.com/sre/toolbox:2.0}
`,
      },
    ],
    fail: [
      {
        name: 'deployment-label-on-controller-only',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {team: shop}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/shop/web:1.4.2}
`,
        offending: ['/spec/template/spec'],
      },
      {
        name: 'cronjob-empty-team',
        yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 6 * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {team: ""}}
        spec:
          restartPolicy: OnFailure
          containers:
            - {name: report, image: registry.example.com/shop/report:3.1}
`,
        offending: ['/spec/jobTemplate/spec/template/spec'],
      },
    ],
  },
});
