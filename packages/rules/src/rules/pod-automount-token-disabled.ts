import { defineRule } from '@kpc/core';

/** Hardening: pods opt out of mounting a service account token. */
export default defineRule({
  id: 'pod-automount-token-disabled',
  title: 'Pods must not automount a service account token',
  description: 'The pod spec must set automountServiceAccountToken: false.',
  rationale:
    'Most workloads never call the Kubernetes API, yet by default every container gets a token for its service account. A compromised container then holds valid API credentials for lateral movement.',
  remediation:
    'Set spec.automountServiceAccountToken: false. Workloads that call the API set it to true deliberately (and get an exception), or mount a short-lived projected token only where needed.',
  severity: 'medium',
  category: 'Identity and access',
  controls: [
    {
      standard: 'cis',
      id: '5.1.6',
      title: 'Ensure that Service Account Tokens are only mounted where necessary',
    },
    {
      standard: 'nsa-cisa',
      section: 'Kubernetes Pod security: Protecting Pod service account tokens',
    },
    { standard: 'bsi', id: 'APP.4.4.A9' },
  ],
  target: 'PodSpec',
  check: (spec) => spec.automountServiceAccountToken === false,
  message: () => 'pod does not set automountServiceAccountToken: false',
  notes: [
    'The pod setting takes precedence over the ServiceAccount setting. When the pod leaves it unset, the ServiceAccount decides; that is cross-object and cannot be seen from the pod alone, so kpc requires the explicit pod-level false (see service-account-automount-token-disabled for the ServiceAccount side).',
  ],
  examples: {
    pass: [
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
      automountServiceAccountToken: false
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'pod-false-with-custom-sa',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  serviceAccountName: web
  automountServiceAccountToken: false
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
        offending: ['/spec'],
      },
      {
        name: 'cronjob-true',
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
          automountServiceAccountToken: true
          containers:
            - {name: job, image: registry.example.com/job:1.0}
`,
        offending: ['/spec/jobTemplate/spec/template/spec'],
      },
    ],
  },
});
