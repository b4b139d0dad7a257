/**
 * The example repository's exceptions and cluster dump behave as examples/README.md says:
 * one active exception (excepted, not failing), one expired (its finding fails and names
 * it), and `kpc audit --compare` finds the exception the cluster lacks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from '../../packages/cli/src/test-support.ts';

const root = join(import.meta.dirname, '..', '..');
const examples = join(root, 'examples');

/** In this process: these tests are about what the commands say, not the process boundary. */
const kpc = (args: string[]) => runKpcInProcess(args, examples);

describe('examples: exceptions and the cluster dump', { timeout: 240_000 }, () => {
  it('lint: the active exception excepts, the expired one fails again naming itself', async () => {
    const r = await kpc(['lint', '--format', 'json', '--now', '2026-12-01']);
    const out = JSON.parse(r.out);
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

  it('audit --compare: the cluster lacks the exception', async () => {
    const r = await kpc(['audit', 'cluster', '--now', '2026-12-01', '--compare']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(
      /pss-allow-privilege-escalation {2}Deployment shop\/legacy-worker {2}kpc=skip kyverno=fail {2}exception-missing/,
    );
  });
});
