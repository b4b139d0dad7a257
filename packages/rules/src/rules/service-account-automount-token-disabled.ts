import { defineRule } from '@kpc/core';

/** Hardening: ServiceAccounts opt out of token automounting. */
export default defineRule({
  id: 'service-account-automount-token-disabled',
  title: 'ServiceAccounts must not automount tokens',
  description: 'Every ServiceAccount must set automountServiceAccountToken: false.',
  rationale:
    'With automounting off on the ServiceAccount, pods that use it get no API token unless they ask for one explicitly; new workloads are safe by default.',
  remediation:
    'Set automountServiceAccountToken: false on the ServiceAccount; pods that need the token set automountServiceAccountToken: true in their own spec.',
  severity: 'low',
  category: 'Identity and access',
  controls: [
    {
      standard: 'cis',
      id: '5.1.5',
      title: 'Ensure that default service accounts are not actively used',
    },
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
  target: 'ServiceAccount',
  check: (sa) => sa.automountServiceAccountToken === false,
  message: (sa) =>
    `ServiceAccount "${sa.metadata?.name ?? ''}" does not set automountServiceAccountToken: false`,
  notes: [
    'Unset fails: Kubernetes then mounts the token into every pod that does not opt out itself.',
    'The "default" ServiceAccount of each namespace is created by Kubernetes and not usually in manifests; patch it the same way.',
  ],
  examples: {
    pass: [
      {
        name: 'service-account-false',
        yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
automountServiceAccountToken: false
`,
      },
      {
        name: 'default-service-account-patched',
        yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
automountServiceAccountToken: false
secrets: []
`,
      },
    ],
    fail: [
      {
        name: 'service-account-unset',
        yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
`,
        offending: [''],
      },
      {
        name: 'service-account-true',
        yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: ops}
automountServiceAccountToken: true
`,
        offending: [''],
      },
    ],
  },
});
