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
  // Recorded exemptions (docs/exceptions.md): reviewed like code, enforced by lint and audit.
  exceptions: [
    {
      id: 'legacy-worker-escalation',
      rules: ['pss-allow-privilege-escalation'],
      resources: [{ kind: 'Deployment', namespace: 'shop', name: 'legacy-worker' }],
      images: ['python:*'],
      reason: 'The worker forks a setuid helper until the rewrite tracked in SHOP-311 lands',
      owner: 'team-shop',
      expires: '2027-06-30',
    },
  ],
  // More exceptions as data, one file per team; CODEOWNERS makes security review them.
  exceptionFiles: ['exceptions/sre.yaml'],
  // Signed images (docs/image-verification.md): Kyverno and Gatekeeper (Ratify) verify the
  // Cosign signatures at admission; kpc lint checks patterns and digests offline. A
  // ValidatingAdmissionPolicy cannot verify signatures, so `targets` names the backends.
  imageVerification: [
    {
      name: 'storefront',
      images: ['registry.example.com/shop/*'],
      attestors: [
        {
          key: `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEmtwtIRCsBEbu7jNKwpdljjPcY+86
xVJkw7E6g6R5YszYT7xL54J9DXtFREpzIL71ELV8NIKz7r/Bzlnvki08iQ==
-----END PUBLIC KEY-----
`,
        },
      ],
      targets: ['kyverno', 'gatekeeper'],
    },
    {
      name: 'ci-built',
      images: ['ghcr.io/example/*'],
      requireDigest: true,
      attestors: [
        {
          keyless: {
            issuer: 'https://token.actions.githubusercontent.com',
            subjectRegExp:
              '^https://github\\.com/example/[^/]+/\\.github/workflows/release\\.yaml@refs/tags/v.*$',
          },
        },
      ],
      // Ratify takes one declaration; this one is Kyverno's only.
      targets: ['kyverno'],
    },
  ],
  compile: { out: 'policies', targets: ['kyverno', 'gatekeeper', 'vap'] },
});
