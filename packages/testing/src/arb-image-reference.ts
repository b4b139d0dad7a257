/**
 * Arbitraries for image references and `allowed-images` patterns: registries with and
 * without ports (host names, IPv4, IPv6, `localhost`, upper case, `index.docker.io`),
 * nested paths, tags, digests, and the invalid forms a user writes by mistake (upper-case
 * paths, bad separators, short or unknown digests, non-ASCII, long tags). Patterns are drawn
 * from references by replacing pieces with `*` and `?` and cutting off tag or digest, so
 * that they often match, plus free-form strings over the pattern alphabet and beyond.
 */
import fc from 'fast-check';

const HEX = '0123456789abcdef';
const hex = (n: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: n, maxLength: n });

const registry = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('docker.io', 'registry.example.com', 'ghcr.io', 'localhost'),
  },
  fc.constantFrom(
    'docker.io',
    'index.docker.io',
    'registry.example.com',
    'ghcr.io',
    'localhost',
    'Registry.Example.COM',
    'Foo',
    '127.0.0.1',
    '[::1]',
    'a_b.c',
    '-bad.io',
    'quay.io',
  ),
  fc
    .tuple(
      fc.constantFrom('localhost', 'registry.example.com', 'reg', '10.0.0.1', '[fe80::1]'),
      fc.constantFrom('5000', '443', 'x', ''),
    )
    .map(([h, p]) => `${h}:${p}`),
);

const component = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      'nginx',
      'app',
      'team',
      'myorg',
      'library',
      'tool',
      'a-b',
      'a__b',
      'a.b',
      'x1',
    ),
  },
  fc.constantFrom('App', 'a_', '_a', 'a___b', '', 'é', 'a b', 'a--b'),
);

const path = fc.array(component, { minLength: 1, maxLength: 3 }).map((cs) => cs.join('/'));

const tag = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('latest', '1.25', 'v1.2.3', 'TAG_x-1', '1', 'dev') },
  fc.constantFrom('', '-x', '.x', 'a'.repeat(128), 'a'.repeat(129), 'a/b', 'a@b'),
);

const digest = fc.oneof(
  { weight: 6, arbitrary: hex(64).map((h) => `sha256:${h}`) },
  hex(96).map((h) => `sha384:${h}`),
  hex(128).map((h) => `sha512:${h}`),
  fc.constantFrom(
    'sha256:abc',
    `sha256:${'A'.repeat(64)}`,
    `md5:${'a'.repeat(64)}`,
    `sha512:${'a'.repeat(64)}`,
    'sha256',
  ),
);

/** A random image reference, valid or invalid in the ways users and tools get them wrong. */
export const arbImageReference: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.option(registry, { nil: undefined }),
        path,
        fc.option(tag, { nil: undefined }),
        fc.option(digest, { nil: undefined }),
      )
      .map(
        ([r, p, t, d]) =>
          `${r !== undefined ? `${r}/` : ''}${p}${t !== undefined ? `:${t}` : ''}${d !== undefined ? `@${d}` : ''}`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      hex(64),
      fc.constantFrom('', ':', '@', '/', 'nginx:', 'NGINX', 'a:b/c:d'),
      fc.string({
        unit: fc.constantFrom('a', '.', ':', '/', '@', '1', 'A', '_', '-'),
        maxLength: 12,
      }),
    ),
  },
);

/** Replaces random slices of `s` by `*` or `?`. */
function wildcarded(s: string, cuts: readonly [number, number, '*' | '?'][]): string {
  let out = s;
  for (const [a, b, w] of cuts) {
    const i = a % (out.length + 1);
    const j = w === '?' ? Math.min(i + 1, out.length) : i + (b % (out.length - i + 1));
    out = out.slice(0, i) + w + out.slice(j);
  }
  return out;
}

/**
 * A random pattern: drawn from `image` when given (else from a random reference), written
 * as an image or normalised by `normalise` (the caller passes it, so that patterns match
 * often), with its tag or digest sometimes cut off and pieces replaced by wildcards; or a
 * free-form string over the pattern alphabet and beyond.
 */
export function arbImagePattern(
  normalise: (image: string) => string | undefined,
  image?: string,
): fc.Arbitrary<string> {
  const fromRef = fc
    .tuple(
      image !== undefined ? fc.constant(image) : arbImageReference,
      fc.boolean(),
      fc.constantFrom('keep', 'name', 'tag', 'digest'),
      fc.array(fc.tuple(fc.nat(300), fc.nat(300), fc.constantFrom('*' as const, '?' as const)), {
        maxLength: 3,
      }),
    )
    .map(([ref, normalised, cut, cuts]) => {
      let p = (normalised ? normalise(ref) : undefined) ?? ref;
      const at = p.indexOf('@');
      const name = at >= 0 ? p.slice(0, at) : p;
      const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
      if (cut === 'name') p = colon >= 0 ? name.slice(0, colon) : name;
      if (cut === 'tag' && colon >= 0) p = name.slice(0, colon) + (at >= 0 ? p.slice(at) : '');
      if (cut === 'digest' && at >= 0) p = name;
      return wildcarded(p, cuts);
    });
  return fc.oneof(
    { weight: 5, arbitrary: fromRef },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom(
          '*',
          '?',
          'a',
          '.',
          '/',
          ':',
          '@',
          '(',
          '|',
          '\\',
          '$',
          '+',
          '[',
          ']',
          'é',
        ),
        maxLength: 10,
      }),
    },
  );
}

/** An image and patterns for it: some drawn from the image itself, some from others. */
export function arbImageCase(
  normalise: (image: string) => string | undefined,
): fc.Arbitrary<{ image: string; patterns: string[] }> {
  return arbImageReference.chain((image) =>
    fc.record({
      image: fc.constant(image),
      patterns: fc.array(fc.oneof(arbImagePattern(normalise, image), arbImagePattern(normalise)), {
        maxLength: 4,
      }),
    }),
  );
}
