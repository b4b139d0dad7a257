import { defineRule } from '@kpc/core';

/** The identities of unauthenticated requests. */
const ANONYMOUS = ['system:anonymous', 'system:unauthenticated'];

/** Hardening: no RoleBinding or ClusterRoleBinding grants anything to anonymous or unauthenticated requests. */
export default defineRule({
  id: 'rbac-binding-anonymous',
  title: 'RoleBindings and ClusterRoleBindings must not grant access to anonymous users',
  description:
    'No subject of a RoleBinding or ClusterRoleBinding may be the user system:anonymous or the group system:unauthenticated.',
  rationale:
    'Anything bound to system:anonymous or system:unauthenticated is available to every client that can reach the API server, without credentials.',
  remediation: 'Remove the subject; bind the role to authenticated identities that need it.',
  severity: 'critical',
  category: 'RBAC',
  controls: [
    { standard: 'nsa-cisa', section: 'Authentication and authorization' },
    { standard: 'bsi', id: 'APP.4.4.A3' },
  ],
  target: ['RoleBinding', 'ClusterRoleBinding'],
  each: ({ object }) => object.subjects ?? [],
  check: (s) => !ANONYMOUS.includes(s.name),
  message: (s, { object }) =>
    `${object.kind} "${object.metadata?.name ?? ''}" grants access to "${s.name ?? ''}"`,
  notes: [
    'One finding per offending subject. The subject name is matched whatever its kind.',
    'system:authenticated (every authenticated identity, including every service account) is not reported; review such bindings too.',
  ],
  examples: {
    pass: [
      {
        name: 'rolebinding-service-account-subject',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
`,
      },
      {
        name: 'rolebinding-authenticated-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:public-info-viewer}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:authenticated}
`,
      },
      {
        name: 'clusterrolebinding-service-account-subject',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
`,
      },
      {
        name: 'clusterrolebinding-authenticated-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:public-info-viewer}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:authenticated}
`,
      },
    ],
    fail: [
      {
        name: 'rolebinding-anonymous-user',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: system:anonymous}
`,
        offending: ['/subjects/1'],
      },
      {
        name: 'rolebinding-unauthenticated-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:unauthenticated}
`,
        offending: ['/subjects/0'],
      },
      {
        name: 'clusterrolebinding-anonymous-user',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: system:anonymous}
`,
        offending: ['/subjects/1'],
      },
      {
        name: 'clusterrolebinding-unauthenticated-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:unauthenticated}
`,
        offending: ['/subjects/0'],
      },
    ],
  },
});
