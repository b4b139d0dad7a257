/**
 * `kpc compile` with exceptions, end to end (the real binary): active exceptions land in the
 * output as Kyverno PolicyExceptions that validate against their CRD, what an engine cannot
 * encode is a located warning, and an expired exception is dropped, so `--check` fails until
 * someone renews or removes it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crdValidator, sharedSchemaDir } from '@kpc/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runKpc } from './test-support.ts';

const project = join(import.meta.dirname, 'fixtures', 'exceptions');
const out = mkdtempSync(join(tmpdir(), 'kpc-compile-exc-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const PE = 'kyverno/exceptions/legacy-agent-privileged/policyexception.yaml';

describe('kpc compile with exceptions', { timeout: 240_000 }, () => {
  it('writes the active exception as a PolicyException; images go into the policies themselves', async () => {
    const r = await runKpc(['compile', '--out', out, '--now', '2026-12-01'], project);
    expect(r.status).toBe(0);
    // Every engine encodes both exceptions: nothing is left uncompiled.
    expect(r.err).not.toContain('[EXC_NOT_COMPILED]');
    // The image exception is no PolicyException: it is in the policies' CEL and Rego.
    expect(() =>
      readFileSync(join(out, 'kyverno/exceptions/sidecar-latest/policyexception.yaml')),
    ).toThrow();
    for (const f of [
      'kyverno/disallow-latest-tag/clusterpolicy.yaml',
      'kyverno/disallow-latest-tag/validatingpolicy.yaml',
      'gatekeeper/templates/disallow-latest-tag/template.yaml',
    ])
      expect([f, readFileSync(join(out, f), 'utf8')]).toEqual([
        f,
        expect.stringContaining('registry.example.com/mesh/'),
      ]);
    // The policies that carry it still validate against their CRD schemas.
    for (const [engine, f, crd, version] of [
      [
        'kyverno',
        'kyverno/disallow-latest-tag/clusterpolicy.yaml',
        'kyverno.io_clusterpolicies.yaml',
        'v1',
      ],
      [
        'kyverno',
        'kyverno/disallow-latest-tag/validatingpolicy.yaml',
        'policies.kyverno.io_validatingpolicies.yaml',
        'v1',
      ],
      [
        'gatekeeper',
        'gatekeeper/templates/disallow-latest-tag/template.yaml',
        'constrainttemplate-customresourcedefinition.yaml',
        'v1',
      ],
    ] as const) {
      const schemas = sharedSchemaDir(engine);
      if (schemas === undefined) {
        console.info(`[skip] ${engine} CRD schemas not found: schema check of ${f} skipped`);
        continue;
      }
      const validate = crdValidator(schemas, crd, version);
      const object = parse(readFileSync(join(out, f), 'utf8'));
      expect([f, validate(object) ? [] : validate.errors]).toEqual([f, []]);
    }
    const pe = parse(readFileSync(join(out, PE), 'utf8'));
    expect(pe.spec).toEqual({
      background: true,
      exceptions: [{ policyName: 'pss-privileged', ruleNames: ['pss-privileged'] }],
      match: {
        any: [
          {
            resources: { kinds: ['DaemonSet'], names: ['node-agent'], namespaces: ['monitoring'] },
          },
        ],
      },
    });
    const dir = sharedSchemaDir('kyverno');
    if (dir === undefined)
      console.info('[skip] Kyverno CRD schemas not found: schema check skipped');
    else {
      const validate = crdValidator(dir, 'kyverno.io_policyexceptions.yaml', 'v2');
      expect(validate(pe) ? [] : validate.errors).toEqual([]);
    }
    const check = await runKpc(
      ['compile', '--out', out, '--check', '--now', '2026-12-01'],
      project,
    );
    expect(check.status).toBe(0);
  });

  it('on its expiry date the exception is dropped and --check fails until it is renewed or removed', async () => {
    const r = await runKpc(['compile', '--out', out, '--check', '--now', '2027-03-31'], project);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`extra    `);
    expect(r.out).toContain(PE);
    expect(r.err).toMatch(
      /kpc\.config\.ts:\d+:\d+: warning exception "legacy-agent-privileged" \(owner team-observability\) expired on 2027-03-31 and is not compiled/,
    );
    expect(r.err).toContain('[EXC_DROPPED]');
  });
});
