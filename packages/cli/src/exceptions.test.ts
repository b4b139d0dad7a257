/**
 * `kpc lint` with exceptions, end to end (`run` in this process, as the binary calls it):
 * excepted findings do not fail the run, expired exceptions stop applying on their date,
 * `--exceptions-expiring`, and invalid exceptions are located errors while everything else
 * is still linted.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

const project = join(import.meta.dirname, 'fixtures', 'exceptions');
const bad = join(import.meta.dirname, 'fixtures', 'exceptions-bad');

describe('kpc lint with exceptions', { timeout: 240_000 }, () => {
  it('an exception for one object and one rule: excepted, not failing', async () => {
    const r = await runKpcInProcess(
      ['lint', 'manifests/agent.yaml', '--now', '2026-12-01'],
      project,
    );
    expect(r.status).toBe(0);
    expect(r.out).toContain('0 findings, 1 excepted');
    expect(r.out).toContain('exception legacy-agent-privileged (owner team-observability');
  });

  it('still fails the other findings; JSON names the exception of each excepted one', async () => {
    const r = await runKpcInProcess(['lint', '--format', 'json', '--now', '2026-12-01'], project);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.summary).toMatchObject({ findings: 2, excepted: 2, failing: 2 });
    const byObject = out.findings.map(
      (f: { resource: { name: string }; pointer: string; exception?: { id: string } }) => [
        f.resource.name,
        f.pointer,
        f.exception?.id ?? null,
      ],
    );
    expect(byObject).toEqual([
      ['node-agent', '/spec/template/spec/containers/0', 'legacy-agent-privileged'],
      ['other-agent', '/spec/template/spec/containers/0', null],
      ['web', '/spec/containers/0', null],
      ['web', '/spec/containers/1', 'sidecar-latest'],
    ]);
  });

  it('on its expiry date an exception stops applying; the finding names it', async () => {
    const r = await runKpcInProcess(['lint', '--format', 'json', '--now', '2026-12-31'], project);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.summary).toMatchObject({ excepted: 1, failing: 3 });
    const mesh = out.findings.find((f: { pointer: string }) => f.pointer === '/spec/containers/1');
    expect(mesh.expiredException.id).toBe('sidecar-latest');
    expect(mesh.message).toContain('exception "sidecar-latest" expired on 2026-12-31');
    const expired = out.diagnostics.find((d: { code: string }) => d.code === 'EXC_EXPIRED');
    expect(expired).toMatchObject({ severity: 'warning', location: { line: 2, column: 5 } });
    expect(expired.location.file).toBe('exceptions.yaml');
  });

  it('--exceptions-expiring lists what expires soon, soonest first; exit 1 when any', async () => {
    const soon = await runKpcInProcess(
      ['lint', '--exceptions-expiring', '30d', '--now', '2026-12-15'],
      project,
    );
    expect(soon.status).toBe(1);
    expect(soon.out).toContain('2026-12-31  in 16 days');
    expect(soon.out).toContain('sidecar-latest  owner team-platform');
    expect(soon.out).toContain('exceptions.yaml:2:5');
    expect(soon.out).not.toContain('legacy-agent-privileged');
    const all = await runKpcInProcess(
      ['lint', '--exceptions-expiring', '500d', '--now', '2027-01-01'],
      project,
    );
    expect(all.out.split('\n')[0]).toContain('EXPIRED');
    expect(all.out).toMatch(/sidecar-latest[\s\S]*legacy-agent-privileged/);
    const none = await runKpcInProcess(
      ['lint', '--exceptions-expiring', '10d', '--now', '2026-12-01'],
      project,
    );
    expect(none.status).toBe(0);
    expect(none.out).toContain('no exception expires within 10 days');
    const usage = await runKpcInProcess(['lint', '--exceptions-expiring', 'soon'], project);
    expect(usage.status).toBe(2);
    const badNow = await runKpcInProcess(['lint', '--now', '2027-02-30'], project);
    expect(badNow.status).toBe(2);
    expect(badNow.err).toContain('--now must be a date');
  });

  it('invalid exceptions are located errors (exit 2); the valid rest still applies and all inputs are linted', async () => {
    const r = await runKpcInProcess(['lint', '--format', 'json', '--now', '2026-12-01'], bad);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.out);
    const exc = out.diagnostics
      .filter((d: { code: string }) => d.code.startsWith('EXC_'))
      .map((d: { code: string; location: { file: string; line: number; column: number } }) => [
        d.code,
        `${d.location.file}:${d.location.line}:${d.location.column}`,
      ]);
    expect(exc).toEqual([
      ['EXC_UNKNOWN_RULE', 'kpc.config.ts:18:15'],
      ['EXC_INVALID', 'bad.yaml:2:5'],
      ['EXC_INVALID_DATE', 'bad.yaml:12:5'],
      ['EXC_UNMATCHED', 'bad.yaml:13:5'],
    ]);
    expect(out.summary).toMatchObject({ documents: 3, excepted: 1, failing: 3 });
  });
});
