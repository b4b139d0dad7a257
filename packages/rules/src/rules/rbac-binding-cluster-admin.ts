import { defineRule } from '@kpc/core';

/** Hardening: no RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole. */
export default defineRule({
  id: 'rbac-binding-cluster-admin',
  title: 'RoleBindings and ClusterRoleBindings must not bind cluster-admin',
  description:
    'A RoleBinding or ClusterRoleBinding must not reference the ClusterRole cluster-admin.',
  rationale:
    'cluster-admin is unrestricted superuser access: to the whole cluster through a ClusterRoleBinding, to everything in the namespace (its Secrets and RBAC included) through a RoleBinding. It should be held by break-glass accounts only, not granted in workload or team manifests.',
  remediation:
    'Bind a role with the permissions the subject needs instead (admin, edit or view for humans, a tailored Role for workloads).',
  severity: 'critical',
  category: 'RBAC',
  controls: [
    {
      standard: 'cis',
      id: '5.1.1',
      title: 'Ensure that the cluster-admin role is only used where required',
    },
    { standard: 'nsa-cisa', section: 'Authentication and authorization' },
    { standard: 'bsi', id: 'APP.4.4.A3' },
  ],
  target: ['RoleBinding', 'ClusterRoleBinding'],
  check: (b) => !(b.roleRef.kind === 'ClusterRole' && b.roleRef.name === 'cluster-admin'),
  message: (b) => `${b.kind} "${b.metadata?.name ?? ''}" binds the cluster-admin ClusterRole`,
  notes: [
    'Only the ClusterRole named exactly cluster-admin is recognised; a copy under another name is not (review custom roles with rbac-wildcard). A Role named cluster-admin is not it.',
    'Kubernetes creates the system binding cluster-admin → system:masters itself; it is not part of manifests.',
  ],
  examples: {
    pass: [
      {
        name: 'rolebinding-binds-view',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: auditors}
`,
      },
      {
        name: 'rolebinding-role-named-cluster-admin',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
`,
      },
      {
        name: 'clusterrolebinding-binds-view',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: auditors}
`,
      },
      {
        name: 'clusterrolebinding-similar-name',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin-readonly}
subjects:
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: jane}
`,
      },
    ],
    fail: [
      {
        name: 'rolebinding-binds-cluster-admin-to-service-account',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
`,
        offending: [''],
      },
      {
        name: 'rolebinding-binds-cluster-admin-to-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: developers}
`,
        offending: [''],
      },
      {
        name: 'clusterrolebinding-binds-cluster-admin-to-service-account',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
`,
        offending: [''],
      },
      {
        name: 'clusterrolebinding-binds-cluster-admin-to-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: developers}
`,
        offending: [''],
      },
    ],
  },
});
