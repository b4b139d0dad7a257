import { defineRule } from '@kpc/core';

/** Hardening: Roles and ClusterRoles do not grant the privilege-escalation verbs escalate, bind and impersonate. */
export default defineRule({
  id: 'rbac-escalation-verbs',
  title: 'Role and ClusterRole rules must not grant escalate, bind or impersonate',
  description: 'No rule of a Role or ClusterRole may list the verbs escalate, bind or impersonate.',
  rationale:
    'escalate lets a subject grant permissions it does not hold, bind lets it bind any role to anyone (itself included), impersonate lets it act as any user, group or service account: each is a path to cluster-admin.',
  remediation:
    'Remove escalate, bind and impersonate. Grant them only to cluster administration tooling, narrowed with resourceNames, and document the exception.',
  severity: 'high',
  category: 'RBAC',
  controls: [
    {
      standard: 'cis',
      id: '5.1.8',
      title:
        'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
    },
    { standard: 'nsa-cisa', section: 'Authentication and authorization' },
    { standard: 'bsi', id: 'APP.4.4.A3' },
  ],
  target: ['Role', 'ClusterRole'],
  each: ({ object }) => object.rules ?? [],
  check: (r) => !r.verbs.some((v) => v === 'escalate' || v === 'bind' || v === 'impersonate'),
  message: (_r, { object }) =>
    `${object.kind} "${object.metadata?.name ?? ''}" has a rule that grants escalate, bind or impersonate`,
  notes: [
    'A wildcard verb also grants these verbs; it is reported by rbac-wildcard.',
    'Verbs are compared exactly, as the RBAC authorizer does ("Bind" grants nothing).',
  ],
  examples: {
    pass: [
      {
        name: 'role-read-roles',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles, rolebindings]
    verbs: [get, list, watch]
`,
      },
      {
        name: 'role-capitalised-verb-grants-nothing',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles]
    verbs: [Bind]
`,
      },
      {
        name: 'clusterrole-read-roles',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles, rolebindings]
    verbs: [get, list, watch]
`,
      },
      {
        name: 'clusterrole-capitalised-verb-grants-nothing',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles]
    verbs: [Bind]
`,
      },
    ],
    fail: [
      {
        name: 'role-bind-and-escalate',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles, rolebindings]
    verbs: [create, bind, escalate]
`,
        offending: ['/rules/0'],
      },
      {
        name: 'role-impersonate-service-accounts',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
  - apiGroups: [""]
    resources: [serviceaccounts]
    verbs: [impersonate]
`,
        offending: ['/rules/1'],
      },
      {
        name: 'clusterrole-bind-and-escalate',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles, rolebindings]
    verbs: [create, bind, escalate]
`,
        offending: ['/rules/0'],
      },
      {
        name: 'clusterrole-impersonate-service-accounts',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
  - apiGroups: [""]
    resources: [serviceaccounts]
    verbs: [impersonate]
`,
        offending: ['/rules/1'],
      },
    ],
  },
});
