/**
 * `@kpc/rules/testing`: test support shared by the suites that check catalog rules across
 * engines (native vs IR here, native vs CEL in compile-kyverno, …). Not for production use.
 */
import { PSS_NEWEST_MINOR, PSS_OLDEST_MINOR, PSS_VERSION_PARAM } from '@kpc/core';
import fc from 'fast-check';

/**
 * Pod Security Standards versions (minors) for the versioned PSS rules: every version kpc
 * knows, uniformly (15 of them), so that both sides of each change are drawn often.
 */
export const arbPssMinor: fc.Arbitrary<number> = fc.integer({
  min: PSS_OLDEST_MINOR,
  max: PSS_NEWEST_MINOR,
});

const pssVersion = fc.record({ [PSS_VERSION_PARAM]: arbPssMinor });

/** The catalog rules that take the PSS version (their upstream check changed since v1.23). */
export const VERSIONED_PSS_RULES: readonly string[] = Object.freeze([
  'pss-allow-privilege-escalation',
  'pss-capabilities-restricted',
  'pss-host-probes-lifecycle',
  'pss-proc-mount-baseline',
  'pss-run-as-non-root',
  'pss-run-as-user',
  'pss-seccomp-restricted',
  'pss-selinux',
  'pss-sysctls',
]);

/** Parameter values worth trying for the catalog's parameterised rules (besides the defaults). */
export const CATALOG_PARAMS: Readonly<
  Record<string, fc.Arbitrary<Readonly<Record<string, unknown>>>>
> = Object.freeze({
  'allowed-images': fc.record({
    images: fc.subarray([
      'docker.io/library/nginx',
      'docker.io/library/nginx:1.*',
      'registry.example.com/team/*',
      'registry.example.com:5000/*',
      'ghcr.io/org/*@sha256:*',
      'localhost*/dev',
      'quay.io/org/app:latest',
      'docker.io/library/busybox:1.36',
      '*/library/*',
    ]),
  }),
  'allowed-registries': fc.record({
    allowedRegistries: fc.subarray([
      'docker.io',
      'registry.example.com',
      'registry.example.com:5000',
      'ghcr.io',
      'localhost',
      'localhost:5000',
      'quay.io',
    ]),
  }),
  'no-default-namespace': fc.record({ requireExplicitNamespace: fc.boolean() }),
  'restrict-service-types': fc.record({ disallowLoadBalancer: fc.boolean() }),
  ...Object.fromEntries(VERSIONED_PSS_RULES.map((id) => [id, pssVersion])),
});
