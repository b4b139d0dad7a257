/**
 * The ImageValidatingPolicy of an image verification declaration: it validates against
 * Kyverno's CRD (v1, closed schema), survives the YAML writer, and selects exactly the
 * images lint selects. The selection (image extractor, matchImageReferences expression,
 * the validations' filter and digest check) is evaluated with cel-js on random workloads
 * of every pod kind and compared with @kpc/ir `selectImages`. `verifyImageSignatures`
 * itself needs a registry and runs only in Kyverno.
 */

import { generatedHeader } from '@kpc/compile';
import { toYamlDocuments } from '@kpc/compile/internal';
import type { ImageVerification } from '@kpc/ir';
import { selectImages } from '@kpc/ir';
import {
  arbImageVerificationCase,
  CelContext,
  celCheckPoliciesAsync,
  celCheckSkipReason,
  celEnvironment,
  crdValidator,
  fromCelValue,
  sharedSchemaDir,
  TEST_COSIGN_PUBLIC_KEY,
  TEST_POD_SPEC_LOCATIONS,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { imagePinned, imageSelection, imageValidatingPolicy } from './image-validating-policy.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 5000 : 150;
const SCHEMA_DIR = sharedSchemaDir('kyverno');

const KEYS: ImageVerification = {
  name: 'app',
  images: ['ghcr.io/org/*', 'docker.io/library/nginx:1.*'],
  attestors: [{ key: TEST_COSIGN_PUBLIC_KEY }],
  requireDigest: true,
};
const KEYLESS: ImageVerification = {
  name: 'ci',
  images: ['registry.example.com/yes/*'],
  action: 'audit',
  attestors: [
    { key: TEST_COSIGN_PUBLIC_KEY },
    {
      keyless: {
        issuer: 'https://token.actions.githubusercontent.com',
        subjectRegExp: '^https://github\\.com/org/[^/]+/\\.github/workflows/.*$',
        rekorUrl: 'https://rekor.example.com',
      },
    },
  ],
};

type Policy = {
  spec: {
    variables: { name: string; expression: string }[];
    images: { name: string; expression: string }[];
    matchImageReferences: { expression: string }[];
    validations: { expression: string; messageExpression?: string }[];
    attestors: unknown[];
  };
};

describe('imageValidatingPolicy', () => {
  it.skipIf(SCHEMA_DIR === undefined)(
    'validates against the ImageValidatingPolicy CRD (v1)',
    () => {
      const validate = crdValidator(
        SCHEMA_DIR!,
        'policies.kyverno.io_imagevalidatingpolicies.yaml',
        'v1',
      );
      for (const v of [KEYS, KEYLESS]) {
        const policy = imageValidatingPolicy(v, { excludedNamespaces: ['kube-system'] });
        const text = toYamlDocuments(generatedHeader(v.name, 'kpc compile'), [policy]);
        const back = parse(text);
        expect(back).toEqual(policy);
        expect(validate(back) ? [] : validate.errors).toEqual([]);
      }
    },
  );

  it('is byte-identical on every run and names attestors and actions as declared', () => {
    const a = toYamlDocuments('', [imageValidatingPolicy(KEYLESS)]);
    expect(toYamlDocuments('', [imageValidatingPolicy(KEYLESS)])).toBe(a);
    const p = imageValidatingPolicy(KEYLESS) as Policy & { spec: Record<string, unknown> };
    expect(p.spec.validationActions).toEqual(['Audit']);
    expect(p.spec.validationConfigurations).toEqual({
      mutateDigest: false,
      verifyDigest: false,
      required: false,
    });
    expect(p.spec.attestors).toEqual([
      { name: 'a0', cosign: { key: { data: TEST_COSIGN_PUBLIC_KEY } } },
      {
        name: 'a1',
        cosign: {
          keyless: {
            identities: [
              {
                issuer: 'https://token.actions.githubusercontent.com',
                subjectRegExp:
                  KEYLESS.attestors[1] && 'keyless' in KEYLESS.attestors[1]
                    ? KEYLESS.attestors[1].keyless.subjectRegExp!
                    : '',
              },
            ],
          },
          ctlog: { url: 'https://rekor.example.com' },
        },
      },
    ]);
    expect(p.spec.validations.at(-1)!.expression).toContain(
      'verifyImageSignatures(i, [attestors.a0, attestors.a1]) > 0',
    );
    expect((imageValidatingPolicy(KEYS) as Policy).spec.validations).toHaveLength(2);
  });

  it('selects and checks digests exactly as lint does, on random workloads (cel-js)', () => {
    fc.assert(
      fc.property(
        arbImageVerificationCase(TEST_POD_SPEC_LOCATIONS),
        fc.boolean(),
        ({ object, patterns }, requireDigest) => {
          const v: ImageVerification = { ...KEYS, images: patterns, requireDigest };
          const policy = imageValidatingPolicy(v, { locations: TEST_POD_SPEC_LOCATIONS }) as Policy;
          const ctx = new CelContext({ object }, policy.spec.variables, 'kubernetes');
          // Kyverno: the extractor's images, filtered by matchImageReferences (variable `ref`).
          const extracted = fromCelValue(
            ctx.evaluate(policy.spec.images[0]!.expression),
          ) as string[];
          const match = policy.spec.matchImageReferences[0]!.expression;
          const kept = extracted.filter(
            (ref) => fromCelValue(celEnvironment().evaluate(match, { ref })) === true,
          );
          const expected = selectImages(v, object, TEST_POD_SPEC_LOCATIONS);
          expect(kept).toEqual(expected.map((s) => s.image));
          // The validations' own filter and the digest check, on the same images.
          const selected = kept.filter(
            (i) =>
              fromCelValue(
                new CelContext({ object: { i } }, [], 'kubernetes').evaluate(
                  imageSelection(v, 'object.i'),
                ),
              ) === true,
          );
          expect(selected).toEqual(kept);
          const pinned = selected.map(
            (i) =>
              fromCelValue(
                new CelContext({ object: { i } }, [], 'kubernetes').evaluate(
                  imagePinned('object.i'),
                ),
              ) === true,
          );
          expect(pinned).toEqual(expected.map((s) => s.pinned));
          expect(policy.spec.validations).toHaveLength(requireDigest ? 2 : 1);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const skip = celCheckSkipReason();
if (skip !== undefined)
  console.log(`[skip] cel-go evaluation of the ImageValidatingPolicy: ${skip}`);
const GO_RUNS = process.env.KPC_DEEP === '1' ? 1000 : 60;

describe.skipIf(skip !== undefined)('the ImageValidatingPolicy selection in cel-go', () => {
  it('type-checks and selects exactly as lint does, on random workloads', async () => {
    const sample = fc.sample(arbImageVerificationCase(TEST_POD_SPEC_LOCATIONS), {
      numRuns: GO_RUNS,
      seed: 20261202,
    });
    const requests = sample.map(({ object, patterns }) => {
      const v: ImageVerification = { ...KEYS, images: patterns };
      const policy = imageValidatingPolicy(v, { locations: TEST_POD_SPEC_LOCATIONS }) as Policy;
      const expected = selectImages(v, object, TEST_POD_SPEC_LOCATIONS);
      const extractor = policy.spec.images[0]!.expression;
      // The match expression's free variable `ref` bound by a comprehension, as Kyverno binds it.
      const match = policy.spec.matchImageReferences[0]!.expression;
      return {
        policy: {
          variables: [...policy.spec.variables, { name: 'kpcImages', expression: extractor }],
          validations: [
            {
              expression: `variables.kpcImages.filter(ref, ${match}) == ${JSON.stringify(expected.map((e) => e.image))}`,
            },
            {
              expression: `variables.kpcImages.filter(ref, ${match}).map(i, ${imagePinned('i')}) == ${JSON.stringify(expected.map((e) => e.pinned))}`,
            },
          ],
        },
        activation: { object },
      };
    });
    const results = await celCheckPoliciesAsync(requests);
    if (typeof results === 'string') throw new Error(results);
    const wrong = sample.flatMap((c, i) => {
      const r = results[i]!;
      const got = r.eval?.results.map((x) => x.value ?? x.error);
      return r.ok && got?.length === 2 && got.every((x) => x === true) ? [] : [{ c, r }];
    });
    expect(wrong.slice(0, 3)).toEqual([]);
  }, 240_000);
});
