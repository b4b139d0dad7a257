import { defineRule } from '@kpc/core';

/** Hardening: Roles and ClusterRoles do not grant access to Secrets. */
export default defineRule({
  id: 'rbac-secrets-access',
  title: 'Role and ClusterRole rules must not grant access to Secrets',
  description:
    'No rule of a Role or ClusterRole may grant any verb on secrets (resource "secrets" or "*" in the core API group "" or "*").',
  rationale:
    'Reading Secrets yields credentials: service account tokens, database passwords, TLS keys. list and watch return every Secret of the scope at once (a namespace for a Role, the cluster for a ClusterRole bound cluster-wide). Write access lets a subject plant credentials.',
  remediation:
    'Remove secrets from the rule; give the workload only the Secrets it needs as mounted volumes. Where a controller must read Secrets, restrict the rule with resourceNames and document the exception.',
  severity: 'high',
  category: 'RBAC',
  controls: [
    { standard: 'cis', id: '5.1.2', title: 'Minimize access to secrets' },
    { standard: 'nsa-cisa', section: 'Authentication and authorization' },
    { standard: 'bsi', id: 'APP.4.4.A3' },
  ],
  target: ['Role', 'ClusterRole'],
  each: ({ object }) => object.rules ?? [],
  check: (r) =>
    r.verbs.length === 0 ||
    !(r.apiGroups ?? []).some((g) => g === '' || g === '*') ||
    !(r.resources ?? []).some((res) => res === 'secrets' || res === '*'),
  message: (_r, { object }) =>
    `${object.kind} "${object.metadata?.name ?? ''}" has a rule that grants access to secrets`,
  notes: [
    'Every verb counts, and resourceNames do not exempt a rule (they narrow it; review it and document the exception).',
    'A rule with resources: ["*"] in the core group is reported here and by rbac-wildcard.',
  ],
  examples: {
    pass: [
      {
        name: 'role-configmaps-only',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list]
`,
      },
      {
        name: 'role-secrets-in-other-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [external-secrets.io]
    resources: [secrets, externalsecrets]
    verbs: [get]
`,
      },
      {
        name: 'clusterrole-configmaps-only',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list]
`,
      },
      {
        name: 'clusterrole-secrets-in-other-group',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [external-secrets.io]
    resources: [secrets, externalsecrets]
    verbs: [get]
`,
      },
    ],
    fail: [
      {
        name: 'role-read-secrets',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get]
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, list, watch]
`,
        offending: ['/rules/1'],
      },
      {
        name: 'role-wildcard-group-and-resource-name',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: ["*"]
    resources: [secrets]
    resourceNames: [tls-cert]
    verbs: [update]
`,
        offending: ['/rules/0'],
      },
      {
        name: 'clusterrole-read-secrets',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get]
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, list, watch]
`,
        offending: ['/rules/1'],
      },
      {
        name: 'clusterrole-wildcard-group-and-resource-name',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: ["*"]
    resources: [secrets]
    resourceNames: [tls-cert]
    verbs: [update]
`,
        offending: ['/rules/0'],
      },
    ],
  },
});
