/**
 * The build's bundled schema validators (scripts/bundle-validators.mjs, in dist/) are the same
 * functions as kubernetes-models' own: for every built-in kind, on random documents shaped by
 * the structure map (right and wrong types at every known field, strings that look like
 * quantities, dates and numbers), both give the same verdict and the same errors. Needs a build
 * (`pnpm build`; `pnpm test` builds first).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  k8sStructure,
  modelsValidator,
  type SchemaValidator,
  type TypeRef,
} from './k8s-structure.ts';

const DIST = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist',
  'schema',
  'validators',
);
const BUILT = existsSync(join(DIST, 'index.json'));
if (!BUILT)
  console.warn(`bundled-validators.test: skipped, ${DIST} is missing (run \`pnpm build\` first)`);

const require = createRequire(import.meta.url);
const bundled = (name: string): SchemaValidator =>
  (require(join(DIST, `${name}.mjs`)) as { validate: SchemaValidator }).validate;

/** Strings near the formats and enums Kubernetes schemas use. */
const scalar = fc.oneof(
  fc.constantFrom(
    '100m',
    '1Gi',
    '1.5',
    '-1e3',
    'abc',
    '',
    '2024-02-30T10:00:00Z',
    '2024-01-01T00:00:00Z',
  ),
  fc.constantFrom('Always', 'Never', 'IfNotPresent', 'TCP', 'ClusterFirst', 'aGVsbG8=', '==='),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -3, max: 2 ** 33 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);

/** A random value for a type of the structure map, `depth` levels deep at most. */
function arbitraryOf(ref: TypeRef, depth: number): fc.Arbitrary<unknown> {
  if (ref.startsWith('[]'))
    return fc.oneof(fc.array(arbitraryOf(ref.slice(2), depth - 1), { maxLength: 2 }), scalar);
  if (ref.startsWith('{}'))
    return fc.oneof(
      fc.dictionary(fc.string({ maxLength: 4 }), arbitraryOf(ref.slice(2), depth - 1), {
        maxKeys: 2,
      }),
      scalar,
    );
  const fields = k8sStructure().types[ref];
  if (fields === undefined || depth <= 0) return scalar;
  const names = Object.keys(fields);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .subarray(names, { maxLength: Math.min(4, names.length) })
        .chain((picked) =>
          fc.record(
            Object.fromEntries(
              picked.map((n) => [n, arbitraryOf(fields[n] as TypeRef, depth - 1)]),
            ),
          ),
        ),
    },
    { weight: 1, arbitrary: scalar },
  );
}

describe.skipIf(!BUILT)('the bundled schema validators', () => {
  const kinds = Object.entries(k8sStructure().kinds);

  it('cover every built-in kind', () => {
    const index = JSON.parse(require('node:fs').readFileSync(join(DIST, 'index.json'), 'utf8')) as {
      validators: string[];
    };
    expect(index.validators).toEqual([...new Set(kinds.map(([, k]) => k.validator))].sort());
  });

  it('give the verdict and the errors of kubernetes-models, for every kind', () => {
    for (const [key, { type, validator }] of kinds) {
      const [apiVersion, kind] = [
        key.slice(0, key.lastIndexOf('/')),
        key.slice(key.lastIndexOf('/') + 1),
      ];
      const ours = bundled(validator);
      const theirs = modelsValidator(validator);
      const doc = arbitraryOf(type, 4).map((v) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) ? { apiVersion, kind, ...v } : v,
      );
      fc.assert(
        fc.property(doc, (d) => {
          const a = ours(d);
          const b = theirs(d);
          expect({ key, valid: a, errors: ours.errors ?? null }).toEqual({
            key,
            valid: b,
            errors: theirs.errors ?? null,
          });
        }),
        { numRuns: 25 },
      );
    }
  });
});
