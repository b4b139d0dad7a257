import { defineConfig } from '@kpc/core';
import allowedIngressClasses from './rules/allowed-ingress-classes.ts';
import requireTeamLabel from './rules/require-team-label.ts';

/**
 * The platform team's policy: Pod Security Standards (restricted) for every workload, a
 * trusted registry, pinned images, and two team rules of our own.
 */
export default defineConfig({
  profile: 'pss-restricted',
  rules: ['allowed-registries', 'disallow-latest-tag', requireTeamLabel, allowedIngressClasses],
  settings: {
    'allowed-registries': {
      params: { allowedRegistries: ['registry.example.com', 'ghcr.io'] },
    },
    'disallow-latest-tag': { action: 'audit' },
    'require-team-label': { action: 'warn' },
    'allowed-ingress-classes': {
      params: { allowedClasses: ['nginx-internal', 'nginx-public'] },
    },
  },
  // kpc lint exits 1 for findings of medium severity and above.
  severityThreshold: 'medium',
  // System namespaces are managed by the cluster provider.
  excludedNamespaces: ['kube-system'],
  manifests: ['manifests'],
  compile: { out: 'policies', targets: ['kyverno', 'gatekeeper', 'vap'] },
});
