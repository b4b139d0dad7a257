import { defineRule } from '@kpc/core';

/** Identity: no pod mounts a service account token unless someone decided it should. */
export default defineRule({
  id: 'service-account-token-automount',
  title: 'Pods must not automount a service account token by default',
  description:
    'A pod must disable automountServiceAccountToken itself unless its ServiceAccount disables it; a pod that sets it to true is reported.',
  rationale:
    'By default every container gets a token for its service account. Most workloads never call the Kubernetes API; for them the token is only a credential an attacker can steal. Unlike pod-automount-token-disabled, this rule accepts the ServiceAccount-level opt-out.',
  remediation:
    'Set automountServiceAccountToken: false on the ServiceAccount (for every pod using it) or on the pod spec. Workloads that call the API set it to true deliberately and get an exception.',
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
  reads: ['ServiceAccount'],
  check: (spec, { object, get }) =>
    spec.automountServiceAccountToken === false ||
    (spec.automountServiceAccountToken === undefined &&
      get('ServiceAccount', {
        namespace: object.metadata?.namespace,
        name: spec.serviceAccountName ?? spec.serviceAccount ?? 'default',
      })?.automountServiceAccountToken === false),
  message: (spec) =>
    spec.automountServiceAccountToken === true
      ? 'pod sets automountServiceAccountToken: true'
      : `pod mounts a token of ServiceAccount "${spec.serviceAccountName ?? spec.serviceAccount ?? 'default'}", which does not set automountServiceAccountToken: false (or is not in the set)`,
  notes: [
    'The pod setting takes precedence over the ServiceAccount (Kubernetes: the pod field wins when set). Unset on the pod, the ServiceAccount of the pod\'s namespace named by serviceAccountName (default "default") decides; a ServiceAccount that is not in the object set counts as not disabling it.',
    'The rule reads the other objects of the set; kpc lint of a single file says it needs the whole set.',
  ],
  examples: {
    pass: [
      {
        name: 'service-account-disables',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
automountServiceAccountToken: false
`,
      },
      {
        name: 'pod-disables',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  automountServiceAccountToken: false
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'default-service-account-mounts',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
`,
        cluster: `apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
`,
        offending: ['/spec'],
      },
      {
        name: 'pod-overrides-service-account',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      serviceAccountName: db
      automountServiceAccountToken: true
      containers:
        - {name: db, image: registry.example.com/db:1.0}
`,
        cluster: `apiVersion: v1
kind: ServiceAccount
metadata: {name: db, namespace: shop}
automountServiceAccountToken: false
`,
        offending: ['/spec/template/spec'],
      },
    ],
  },
});
