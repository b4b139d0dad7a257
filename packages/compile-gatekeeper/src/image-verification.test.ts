/**
 * Gatekeeper + Ratify output of image verification declarations: every object Gatekeeper
 * defines validates against its CRD (Provider v1beta1, ConstraintTemplate v1), the located
 * refusals of what Ratify cannot express, and, with gator on PATH, the template's Rego on
 * random workloads of every pod kind against lint's `selectImages`. gator has no
 * `external_data` (the provider is a live service), so the gator run replaces that one call
 * with a simulated Ratify answer carried by the object (all verified, none, a system error,
 * only the first image): the Rego must deny every selected image that is not positively
 * verified (fail closed) and every unpinned one when `requireDigest` is set.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYamlDocuments } from '@kpc/compile/internal';
import { type ImageVerification, selectImages } from '@kpc/ir';
import {
  arbImageVerificationCase,
  crdValidator,
  sharedSchemaDir,
  TEST_COSIGN_PUBLIC_KEY,
  TEST_POD_SPEC_LOCATIONS,
} from '@kpc/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RATIFY_PROVIDER, ratifyObjects, ratifyProblems } from './image-verification.ts';
import { gatorTestJson } from './test-support.ts';

const SCHEMA_DIR = sharedSchemaDir('gatekeeper');
const RUNS = process.env.KPC_DEEP === '1' ? 1500 : 80;

const KEYS: ImageVerification = {
  name: 'app',
  images: ['ghcr.io/org/*'],
  requireDigest: true,
  attestors: [{ key: TEST_COSIGN_PUBLIC_KEY }, { key: TEST_COSIGN_PUBLIC_KEY }],
};
const KEYLESS: ImageVerification = {
  name: 'ci',
  images: ['registry.example.com/*'],
  action: 'audit',
  attestors: [{ keyless: { issuerRegExp: '^https://issuer$', subject: 'ci@example.com' } }],
};

describe('ratifyObjects', () => {
  it.skipIf(SCHEMA_DIR === undefined)(
    'Provider and ConstraintTemplate validate against their Gatekeeper CRDs',
    () => {
      const provider = crdValidator(
        SCHEMA_DIR!,
        'provider-customresourcedefinition.yaml',
        'v1beta1',
      );
      const template = crdValidator(
        SCHEMA_DIR!,
        'constrainttemplate-customresourcedefinition.yaml',
        'v1',
      );
      for (const v of [KEYS, KEYLESS]) {
        const objects = parse(
          `[${toYamlDocuments('', ratifyObjects(v, { caBundle: 'Y2E=' }))
            .split('\n---\n')
            .map((d) => JSON.stringify(parse(d)))
            .join(',')}]`,
        ) as Record<string, unknown>[];
        const byKind = (k: string) => objects.filter((o) => o.kind === k);
        expect(byKind('Provider')).toHaveLength(1);
        expect(byKind('ConstraintTemplate')).toHaveLength(1);
        for (const o of byKind('Provider')) expect(provider(o) ? [] : provider.errors).toEqual([]);
        for (const o of byKind('ConstraintTemplate'))
          expect(template(o) ? [] : template.errors).toEqual([]);
      }
    },
  );

  it('writes Ratify keys and keyless identity as declared, deterministically', () => {
    const a = toYamlDocuments('', ratifyObjects(KEYS));
    expect(toYamlDocuments('', ratifyObjects(KEYS))).toBe(a);
    const kmps = ratifyObjects(KEYS).filter((o) => o.kind === 'KeyManagementProvider');
    expect(kmps.map((o) => (o.spec as { parameters: unknown }).parameters)).toEqual([
      { contentType: 'key', value: TEST_COSIGN_PUBLIC_KEY },
      { contentType: 'key', value: TEST_COSIGN_PUBLIC_KEY },
    ]);
    const verifier = ratifyObjects(KEYLESS).find((o) => o.kind === 'Verifier') as {
      spec: { parameters: { trustPolicies: Record<string, unknown>[] } };
    };
    expect(verifier.spec.parameters.trustPolicies[0]).toMatchObject({
      keyless: {
        certificateIdentity: 'ci@example.com',
        certificateOIDCIssuerRegExp: '^https://issuer$',
      },
      tLogVerify: true,
    });
    const constraint = ratifyObjects(KEYLESS).at(-1) as { spec: { enforcementAction: string } };
    expect(constraint.spec.enforcementAction).toBe('dryrun');
  });

  it('refuses, located, what Ratify cannot express exactly', () => {
    const at = (i: number) => ({ file: 'kpc.config.ts', line: 10 + i, column: 5 });
    expect(ratifyProblems([KEYS, KEYLESS], at).map((d) => [d.code, d.location?.line])).toEqual([
      ['GK_UNSUPPORTED', 11],
    ]);
    const mixed: ImageVerification = {
      ...KEYLESS,
      attestors: [...KEYS.attestors, ...KEYLESS.attestors],
    };
    expect(ratifyProblems([mixed], at).map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ['GK_UNSUPPORTED', 'error', 10],
    ]);
    expect(ratifyProblems([KEYS])).toEqual([]);
  });
});

const probe = spawnSync('gator', ['--help'], { encoding: 'utf8' });
const GATOR = probe.error === undefined && probe.status === 0;
if (!GATOR) console.log('[skip] gator is not on PATH: the Rego of image verifications is not run');
const work = GATOR ? mkdtempSync(join(tmpdir(), 'kpc-imgsig-')) : '';
afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

const ANSWERS = ['ok', 'fail', 'error', 'first'] as const;
type Answer = (typeof ANSWERS)[number];

/** A simulated Ratify, chosen by the object's annotation `kpc-test/answer`. */
const FAKE = `
kpc_fake_external_data(keys) := {"responses": [[k, {"isSuccess": true}] | some k in keys], "errors": [], "system_error": ""} if {
  input.review.object.metadata.annotations["kpc-test/answer"] == "ok"
} else := {"responses": [[k, {"isSuccess": false}] | some k in keys], "errors": [], "system_error": ""} if {
  input.review.object.metadata.annotations["kpc-test/answer"] == "fail"
} else := {"responses": [], "errors": [], "system_error": "provider unreachable"} if {
  input.review.object.metadata.annotations["kpc-test/answer"] == "error"
} else := {"responses": [[keys[0], {"isSuccess": true}]], "errors": [], "system_error": ""}
`;

describe.skipIf(!GATOR)('the image verification Rego in gator', () => {
  it('denies exactly the selected images not verified or not pinned, on random workloads', async () => {
    for (const requireDigest of [true, false]) {
      const cases = fc.sample(
        fc.tuple(arbImageVerificationCase(TEST_POD_SPEC_LOCATIONS), fc.constantFrom(...ANSWERS)),
        {
          numRuns: RUNS,
          seed: requireDigest ? 14 : 41,
        },
      );
      // One declaration per case would be one template (and one gator run) each: one
      // declaration with the patterns of every case instead, so that cases select images.
      const patterns = [...new Set(cases.flatMap(([c]) => c.patterns))];
      const v: ImageVerification = { ...KEYS, images: patterns, requireDigest };
      const objects = ratifyObjects(v, { locations: TEST_POD_SPEC_LOCATIONS });
      const template = objects.find((o) => o.kind === 'ConstraintTemplate') as {
        spec: { targets: { rego: string }[] };
      };
      const rego = template.spec.targets[0]!.rego;
      const call = `external_data({"provider": "${RATIFY_PROVIDER}", "keys": kpc_selected})`;
      expect(rego).toContain(call);
      template.spec.targets[0]!.rego =
        rego.replace(call, 'kpc_fake_external_data(kpc_selected)') + FAKE;
      const dir = mkdtempSync(join(work, 'run-'));
      writeFileSync(join(dir, 'template.yaml'), toYamlDocuments('', [template]));
      writeFileSync(join(dir, 'constraint.yaml'), toYamlDocuments('', [objects.at(-1)!]));
      const workloads = cases.map(([c, answer], i) => ({
        ...c.object,
        metadata: {
          name: `o${i}`,
          namespace: 'default',
          annotations: { 'kpc-test/answer': answer },
        },
      }));
      writeFileSync(join(dir, 'objects.yaml'), toYamlDocuments('', workloads));
      const results = (await gatorTestJson([
        '-f',
        join(dir, 'template.yaml'),
        '-f',
        join(dir, 'constraint.yaml'),
        '-f',
        join(dir, 'objects.yaml'),
      ])) as {
        msg: string;
        violatingObject?: { metadata?: { name?: string } };
      }[];
      const got = new Map<string, string[]>();
      for (const x of results) {
        const name = x.violatingObject?.metadata?.name ?? '?';
        got.set(name, [
          ...(got.get(name) ?? []),
          x.msg.includes('pinned by digest') ? `digest ${x.msg}` : `sig ${x.msg}`,
        ]);
      }
      let denied = 0;
      cases.forEach(([c, answer]: [unknown, Answer], i) => {
        const selected = selectImages(
          v,
          (c as { object: unknown }).object,
          TEST_POD_SPEC_LOCATIONS,
        );
        const verified = new Set(
          answer === 'ok'
            ? selected.map((s) => s.image)
            : answer === 'first' && selected[0]
              ? [selected[0].image]
              : [],
        );
        // Rego's violation is a set: one entry per distinct image and message.
        const want = new Set<string>();
        for (const s of selected) {
          if (requireDigest && !s.pinned) want.add(`digest ${s.image}`);
          if (!verified.has(s.image)) want.add(`sig ${s.image}`);
        }
        const have = (got.get(`o${i}`) ?? []).map((m) => {
          const image = /image (\S+) /.exec(m)?.[1] ?? '?';
          return `${m.startsWith('digest') ? 'digest' : 'sig'} ${image}`;
        });
        expect(have.sort(), `o${i} (${answer}): ${JSON.stringify(c)}`).toEqual([...want].sort());
        if (want.size > 0) denied++;
      });
      // The run must exercise both outcomes, or it proves nothing.
      expect(denied).toBeGreaterThan(0);
      expect(denied).toBeLessThan(cases.length);
    }
  }, 120_000);
});
