/**
 * `@kpc/rules/testing`: test support shared by the suites that check catalog rules across
 * engines (native vs IR here, native vs CEL in compile-kyverno, …). Not for production use.
 */
import fc from 'fast-check';

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
});
