import { defineRule } from '@kpc/core';

/** Hardening: every Namespace states its Pod Security Admission enforce level. */
export default defineRule({
  id: 'namespace-pss-enforce-label',
  title: 'Namespaces must set a Pod Security Admission enforce level',
  description: 'Every Namespace must carry the label pod-security.kubernetes.io/enforce.',
  rationale:
    'Without the label the cluster-wide default applies, which is "privileged" unless the admission configuration says otherwise: the namespace then enforces no Pod Security Standard at all.',
  remediation:
    'Label the namespace with pod-security.kubernetes.io/enforce: restricted (or baseline), ideally with a pinned pod-security.kubernetes.io/enforce-version.',
  severity: 'medium',
  category: 'Workload hardening',
  controls: [
    {
      standard: 'cis',
      id: '5.2.1',
      title: 'Ensure that the cluster has at least one active policy control mechanism in place',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'APP.4.4.A4' },
  ],
  target: 'Namespace',
  check: (ns) => (ns.metadata?.labels?.['pod-security.kubernetes.io/enforce'] ?? '') !== '',
  message: (ns) =>
    `Namespace "${ns.metadata?.name ?? ''}" has no pod-security.kubernetes.io/enforce label`,
  notes: [
    'Any non-empty value passes, also "privileged": that is an explicit, reviewable decision. An invalid value makes the API server fall back to its most restrictive behaviour.',
    'Only Namespace manifests are checked; namespaces created implicitly (kubectl create ns, Helm --create-namespace) are not seen.',
  ],
  examples: {
    pass: [
      {
        name: 'namespace-restricted',
        yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
`,
      },
      {
        name: 'namespace-explicit-privileged',
        yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: node-agents
  labels: {pod-security.kubernetes.io/enforce: privileged}
`,
      },
    ],
    fail: [
      {
        name: 'namespace-no-labels',
        yaml: `apiVersion: v1
kind: Namespace
metadata: {name: shop}
`,
        offending: [''],
      },
      {
        name: 'namespace-warn-only',
        yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
`,
        offending: [''],
      },
    ],
  },
});
