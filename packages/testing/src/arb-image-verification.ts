/**
 * Random cases for image verification (docs/image-verification.md): a workload of any
 * pod-spec kind whose containers, init containers and ephemeral containers carry random
 * references (and values that are not images: numbers, missing images, non-map entries),
 * and image patterns drawn from those references, so that selections are often non-empty.
 */
import { imageReference, POD_SPEC_LOCATIONS, type PodSpecLocation } from '@kpc/ir';
import fc from 'fast-check';
import { arbImagePattern, arbImageReference } from './arb-image-reference.ts';

export interface ImageVerificationCase {
  readonly object: Record<string, unknown>;
  readonly patterns: string[];
}

const container = fc.oneof(
  { weight: 8, arbitrary: arbImageReference.map((image) => ({ name: 'c', image })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ name: 'c' }, { image: 3 }, 'x', null) },
);

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  path.forEach((k, i) => {
    if (i === path.length - 1) cur[k] = value;
    else {
      cur[k] ??= {};
      cur = cur[k] as Record<string, unknown>;
    }
  });
}

/**
 * A workload of a kind of `locations` (default the built-in pod kinds; a kind declared for
 * every version gets `v1`) and patterns for it.
 */
export function arbImageVerificationCase(
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): fc.Arbitrary<ImageVerificationCase> {
  return fc
    .record({
      loc: fc.constantFrom(...locations),
      containers: fc.array(container, { maxLength: 3 }),
      initContainers: fc.option(fc.array(container, { maxLength: 2 }), { nil: undefined }),
      ephemeralContainers: fc.option(fc.array(container, { maxLength: 2 }), { nil: undefined }),
    })
    .chain(({ loc, ...lists }) => {
      const images = Object.values(lists)
        .flatMap((l) => l ?? [])
        .flatMap((c) =>
          c !== null &&
          typeof c === 'object' &&
          typeof (c as { image?: unknown }).image === 'string'
            ? [(c as { image: string }).image]
            : [],
        );
      const pattern =
        images.length > 0
          ? fc.oneof(
              fc.constantFrom(...images).chain((i) => arbImagePattern(imageReference, i)),
              arbImagePattern(imageReference),
            )
          : arbImagePattern(imageReference);
      const version = loc.gvk.version === '*' ? 'v1' : loc.gvk.version;
      const gv = loc.gvk.group === '' ? version : `${loc.gvk.group}/${version}`;
      const object: Record<string, unknown> = {
        apiVersion: gv,
        kind: loc.gvk.kind,
        metadata: { name: 'w', namespace: 'default' },
      };
      const spec: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(lists)) if (v !== undefined) spec[k] = v;
      setPath(object, loc.specPath, spec);
      return fc.record({
        object: fc.constant(object),
        patterns: fc.array(pattern, { minLength: 1, maxLength: 3 }),
      });
    });
}

/** A Cosign-style public key (ECDSA P-256, SPKI PEM) for tests; its private half is discarded. */
export const TEST_COSIGN_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEmtwtIRCsBEbu7jNKwpdljjPcY+86
xVJkw7E6g6R5YszYT7xL54J9DXtFREpzIL71ELV8NIKz7r/Bzlnvki08iQ==
-----END PUBLIC KEY-----
`;
