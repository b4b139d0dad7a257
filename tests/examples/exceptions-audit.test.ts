/**
 * The example repository's exceptions and cluster dump behave as examples/README.md says:
 * one active exception (excepted, not failing), one expired (its finding fails and names
 * it), and `kpc audit --compare` finds the exception the cluster lacks.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const examples = join(root, 'examples');

function kpc(args: string[]) {
  return spawnSync(process.execPath, [join(root, 'packages', 'cli', 'bin', 'kpc.js'), ...args], {
    cwd: examples,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 300_000,
  });
}

describe('examples: exceptions and the cluster dump', { timeout: 240_000 }, () => {
  it('lint: the active exception excepts, the expired one fails again naming itself', () => {
    const r = kpc(['lint', '--format', 'json', '--now', '2026-12-01']);
    const out = JSON.parse(r.stdout);
    type F = { ruleId: string; exception?: { id: string }; expiredException?: { id: string } };
    const excepted = out.findings.filter((f: F) => f.exception).map((f: F) => f.exception!.id);
    expect(excepted).toEqual(['legacy-worker-escalation']);
    const expired = out.findings.filter((f: F) => f.expiredException);
    expect(expired.map((f: F) => [f.ruleId, f.expiredException!.id])).toEqual([
      ['pss-host-namespaces', 'node-debugger-host-namespaces'],
    ]);
    const codes = out.diagnostics.map((d: { code: string }) => d.code);
    // The two notes: the example's image verifications select two images, whose signatures
    // lint does not verify (docs/image-verification.md).
    expect(codes).toEqual(['EXC_EXPIRED', 'IMGSIG_CLUSTER_ONLY', 'IMGSIG_CLUSTER_ONLY']);
  });

  it('audit --compare: the cluster lacks the exception', () => {
    const r = kpc(['audit', 'cluster', '--now', '2026-12-01', '--compare']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /pss-allow-privilege-escalation {2}Deployment shop\/legacy-worker {2}kpc=skip kyverno=fail {2}exception-missing/,
    );
  });
});
