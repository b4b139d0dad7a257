/**
 * examples/cilium (issue 14): a typed rule over a CRD kind that reads other objects. Its
 * CiliumNetworkPolicy type is generated from the example's CRD by `kpc types` (committed and
 * up to date); `kpc lint` of the example reports the one workload no ingress policy selects;
 * the rule's own examples pass `kpc test`; it compiles for Gatekeeper (with the sync Config
 * and a gator suite that `gator verify` passes when gator is on PATH) and Kyverno (a
 * ValidatingPolicy reading `resource.List`), and the VAP target refuses it, located.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

const project = join(import.meta.dirname, '..', '..', '..', 'examples', 'cilium');
const kpc = (args: string[]) => runKpcInProcess(args, project);

describe('examples/cilium: a referential rule on a CRD kind', { timeout: 120_000 }, () => {
  it('its types are the ones kpc types generates from the CRD', async () => {
    const check = await kpc([
      'types',
      'crds',
      '--out',
      'rules/types/cilium.generated.ts',
      '--check',
    ]);
    expect(check.status).toBe(0);
    expect(readFileSync(join(project, 'rules/types/cilium.generated.ts'), 'utf8')).toContain(
      'CiliumNetworkPolicy: CiliumNetworkPolicyV2;',
    );
  });

  it('lint reports the workload of the namespace without an ingress policy, only it', async () => {
    const r = await kpc(['lint', '-f', 'json']);
    expect(r.status).toBe(1);
    const findings = (
      JSON.parse(r.out) as {
        findings: { ruleId: string; resource: { namespace?: string; name?: string } }[];
      }
    ).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.resource.namespace}/${f.resource.name}`)).toEqual([
      'cilium-ingress-policy legacy/batch',
    ]);
    const tested = await kpc(['test']);
    expect(tested.status).toBe(0);
    expect(tested.out).toContain('2 passed, 0 failed');
  });

  it('compiles for Gatekeeper and Kyverno, and the VAP target refuses it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kpc-cilium-'));
    const r = await kpc(['compile', '--target', 'gatekeeper,kyverno', '--out', out]);
    expect(r.status).toBe(0);
    const config = readFileSync(join(out, 'gatekeeper', 'templates', 'config.yaml'), 'utf8');
    expect(config).toMatch(/- group: cilium\.io\n\s+version: v2\n\s+kind: CiliumNetworkPolicy/);
    const template = readFileSync(
      join(out, 'gatekeeper', 'templates', 'cilium-ingress-policy', 'template.yaml'),
      'utf8',
    );
    expect(template).toContain('metadata.gatekeeper.sh/requires-sync-data');
    const policy = readFileSync(
      join(out, 'kyverno', 'cilium-ingress-policy', 'validatingpolicy.yaml'),
      'utf8',
    );
    // The CEL layout breaks long calls over lines: compare without it.
    const flat = policy.replace(/\(\s+/g, '(').replace(/,\s+/g, ', ');
    expect(flat).toContain('resource.List("cilium.io/v2", "ciliumnetworkpolicies", ');
    const vap = await kpc(['compile', '--target', 'vap', '--out', out]);
    expect(vap.status).toBe(2);
    expect(vap.err).toMatch(
      /rules\/cilium-ingress-policy\.ts:\d+:\d+: error .*\[VAP_REFERENTIAL\]/,
    );
    const gator = await runProcess('gator', [
      'verify',
      join(out, 'tests', 'gatekeeper', '...'),
    ]).catch(() => undefined);
    if (gator === undefined) {
      console.log(`gator verify of the example's suite skipped: gator is not on PATH`);
      return;
    }
    expect(gator.status, gator.stdout + gator.stderr).toBe(0);
  });

  it('a CRD whose plural is not the derived one: the Kyverno output is refused at the lookup', async () => {
    // resource.List names the resource by plural; kpc derives "ciliumnetworkpolicies" from
    // the kind, so a CRD that names it otherwise must not get a policy that lists nothing.
    const dir = mkdtempSync(join(tmpdir(), 'kpc-cilium-plural-'));
    cpSync(project, dir, { recursive: true });
    const crd = join(dir, 'crds', 'ciliumnetworkpolicies.yaml');
    writeFileSync(
      crd,
      readFileSync(crd, 'utf8')
        .replace('plural: ciliumnetworkpolicies', 'plural: cnps')
        .replace('name: ciliumnetworkpolicies.cilium.io', 'name: cnps.cilium.io'),
    );
    const out = join(dir, 'policies');
    const kyverno = await runKpcInProcess(['compile', '--target', 'kyverno', '--out', out], dir);
    expect(kyverno.status).toBe(2);
    expect(kyverno.err).toMatch(
      /rules\/cilium-ingress-policy\.ts:\d+:\d+: error .*list CiliumNetworkPolicy as "ciliumnetworkpolicies", but its CRD names the resource "cnps" \[KYV_UNSUPPORTED\]/,
    );
    // Gatekeeper reads data.inventory by kind: unaffected.
    const gatekeeper = await runKpcInProcess(
      ['compile', '--target', 'gatekeeper', '--out', out],
      dir,
    );
    expect(gatekeeper.status).toBe(0);
  });
});
