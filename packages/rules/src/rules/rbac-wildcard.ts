import { defineRule } from '@kpc/core';

/** Hardening: Role and ClusterRole rules name their verbs and resources instead of using wildcards. */
export default defineRule({
  id: 'rbac-wildcard',
  title: 'Role and ClusterRole rules must not use wildcard verbs or resources',
  description:
    'No rule of a Role or ClusterRole may list "*" in verbs, or a resource containing "*" (such as "*" or "pods/*").',
  rationale:
    'Wildcards grant every current and future verb or resource, including ones added later by CRDs and new Kubernetes versions (escalate, bind, impersonate, secrets): least privilege cannot be reviewed.',
  remediation: 'List the verbs and resources the subject needs explicitly.',
  severity: 'high',
  category: 'RBAC',
  controls: [
    { standard: 'cis', id: '5.1.3', title: 'Minimize wildcard use in Roles and ClusterRoles' },
    { standard: 'nsa-cisa', section: 'Authentication and authorization' },
    { standard: 'bsi', id: 'APP.4.4.A3' },
  ],
  target: ['Role', 'ClusterRole'],
  each: ({ object }) => object.rules ?? [],
  check: (r) => !r.verbs.includes('*') && (r.resources ?? []).every((res) => !res.includes('*')),
  message: (_r, { object }) =>
    `${object.kind} "${object.metadata?.name ?? ''}" has a rule with a wildcard verb or resource: list them explicitly`,
  notes: [
    'One finding per offending rule. apiGroups: ["*"] and nonResourceURLs wildcards are not reported (many system roles use /healthz/*).',
    'Verbs are compared exactly, as the RBAC authorizer does.',
    'An aggregated ClusterRole (aggregationRule) gets its rules from the aggregation controller; only the rules in the manifest are checked.',
  ],
  examples: {
    pass: [
      {
        name: 'role-explicit-verbs',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [apps]
    resources: [deployments, deployments/scale]
    verbs: [get, list, watch, update]
`,
      },
      {
        name: 'role-empty-rules',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules: []
`,
      },
      {
        name: 'clusterrole-explicit-verbs',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [apps]
    resources: [deployments, deployments/scale]
    verbs: [get, list, watch, update]
`,
      },
      {
        name: 'clusterrole-empty-rules',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules: []
`,
      },
    ],
    fail: [
      {
        name: 'role-wildcard-verb',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get]
  - apiGroups: [""]
    resources: [pods]
    verbs: ["*"]
`,
        offending: ['/rules/1'],
      },
      {
        name: 'role-subresource-wildcard',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [""]
    resources: ["pods/*"]
    verbs: [get]
`,
        offending: ['/rules/0'],
      },
      {
        name: 'clusterrole-wildcard-verb',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get]
  - apiGroups: [""]
    resources: [pods]
    verbs: ["*"]
`,
        offending: ['/rules/1'],
      },
      {
        name: 'clusterrole-subresource-wildcard',
        yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
  - apiGroups: [""]
    resources: ["pods/*"]
    verbs: [get]
`,
        offending: ['/rules/0'],
      },
    ],
  },
});
