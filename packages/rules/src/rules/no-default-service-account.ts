import { defineRule } from '@kpc/core';

/** Hardening: workloads run under a dedicated ServiceAccount. */
export default defineRule({
  id: 'no-default-service-account',
  title: 'Workloads must not use the default ServiceAccount',
  description:
    'The pod spec must name a ServiceAccount other than "default" in serviceAccountName.',
  rationale:
    'Permissions granted to the default ServiceAccount silently apply to every workload in the namespace that names no account. A dedicated account per workload keeps RBAC grants scoped and auditable.',
  remediation: 'Create a ServiceAccount for the workload and set spec.serviceAccountName to it.',
  severity: 'low',
  category: 'Identity and access',
  controls: [
    {
      standard: 'cis',
      id: '5.1.5',
      title: 'Ensure that default service accounts are not actively used',
    },
    { standard: 'nsa-cisa', section: 'Authentication and authorization' },
    { standard: 'bsi', id: 'APP.4.4.A9' },
  ],
  target: 'PodSpec',
  check: (spec) =>
    (spec.serviceAccountName ?? spec.serviceAccount ?? '') !== '' &&
    (spec.serviceAccountName ?? spec.serviceAccount ?? '') !== 'default',
  message: () =>
    'pod runs under the default ServiceAccount: set spec.serviceAccountName to a dedicated account',
  notes: [
    'Unset or empty serviceAccountName means "default". The deprecated spec.serviceAccount is used when serviceAccountName is unset, as the API server does.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-dedicated-account',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
      },
      {
        name: 'pod-deprecated-field',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  serviceAccount: web
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
        name: 'statefulset-explicit-default',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      serviceAccountName: default
      containers:
        - {name: db, image: registry.example.com/db:1.0}
`,
        offending: ['/spec/template/spec'],
      },
    ],
  },
});
