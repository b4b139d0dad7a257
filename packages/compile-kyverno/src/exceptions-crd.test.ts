/** The generated PolicyExceptions validate against Kyverno's CRD schemas (skips when absent). */
import { crdSchema, sharedSchemaDir } from '@kpc/testing';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { lowerCatalog } from './test-support/catalog.ts';
import { inputForIR } from './test-support/cel-evaluator.ts';

const DIR = sharedSchemaDir('kyverno');
if (DIR === undefined)
  console.info('Kyverno CRD schemas not found: PolicyException schema test skipped');

describe.skipIf(DIR === undefined)('PolicyExceptions validate against the Kyverno CRDs', () => {
  it('kyverno.io/v2 and policies.kyverno.io/v1', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const byApi: Record<string, ReturnType<typeof ajv.compile>> = {
      'kyverno.io/v2': ajv.compile(crdSchema(DIR!, 'kyverno.io_policyexceptions.yaml', 'v2')),
      'policies.kyverno.io/v1': ajv.compile(
        crdSchema(DIR!, 'policies.kyverno.io_policyexceptions.yaml', 'v1'),
      ),
    };
    const ir = [...lowerCatalog().values()].find((l) => l.ir.target.kind === 'podSpec')!.ir;
    const out = compileKyverno(
      [
        {
          ...inputForIR(ir),
          exceptions: [
            {
              id: 'legacy-agent',
              resources: [{ kind: 'DaemonSet', namespace: 'monitoring', name: 'node-*' }],
              labels: { team: 'obs' },
              reason: 'vendor agent',
              owner: 'team-observability',
              expires: '2027-03-31',
            },
            { id: 'shop', namespaces: ['shop-*'], reason: 'r', owner: 'o', expires: 'never' },
          ],
        },
      ],
      { kinds: ['ClusterPolicy', 'ValidatingPolicy'] },
    );
    expect(out.diagnostics).toEqual([]);
    const objects = out.files
      .filter((f) => f.path.startsWith('exceptions/'))
      .map((f) => parseAllDocuments(f.content)[0]!.toJS() as { apiVersion: string });
    expect(objects).toHaveLength(4);
    for (const o of objects) {
      const validate = byApi[o.apiVersion]!;
      expect(validate(o) ? [] : validate.errors, o.apiVersion).toEqual([]);
    }
  }, 120_000);
});
