/**
 * What a new user reads: a rule outside the subset is reported once, at its file:line:col
 * (no second unlocated "could not be lowered" line), `kpc explain` names the location too,
 * and the text report separates the code frames of neighbouring findings.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('new-user diagnostics', () => {
  it('reports a rejected rule once, located, in compile and explain', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kpc-out-'));
    const cwd = join(fixtures, 'lower-errors');
    const compile = await runKpcInProcess(['compile', '--target', 'all', '--out', out], cwd);
    expect(compile.status).toBe(2);
    expect(compile.err).toBe(
      [
        'rules/loose-equality.ts:13:47: error loose equality `==` is not allowed [FE_LOOSE_EQUALITY]',
        '  hint: use `===` (null and undefined are both "absent" and compare equal with === undefined)',
        'kpc: compilation failed; no file was written',
        '',
      ].join('\n'),
    );
    const explain = await runKpcInProcess(['explain', 'no-host-network-loose'], cwd);
    expect(explain.status).toBe(0);
    expect(explain.out).toContain(
      '(cannot be lowered: rules/loose-equality.ts:13:47: FE_LOOSE_EQUALITY loose equality',
    );
  });

  it('lint warns about a rule admission will not enforce; --strict makes it an error', async () => {
    const cwd = join(fixtures, 'lower-errors');
    const json = async (args: string[]) => {
      const r = await runKpcInProcess(['lint', '../clean', '-f', 'json', ...args], cwd);
      const report = JSON.parse(r.out) as {
        diagnostics: { code: string; severity: string; ruleId?: string; message: string }[];
      };
      return { status: r.status, diagnostics: report.diagnostics };
    };
    const warned = await json([]);
    // Exit 1: the rule's own finding on the manifest; the warning does not change the code.
    expect(warned.status).toBe(1);
    expect(warned.diagnostics.map((d) => [d.code, d.severity, d.ruleId])).toEqual([
      ['CLI_NOT_ENFORCEABLE', 'warning', 'no-host-network-loose'],
    ]);
    expect(warned.diagnostics[0]?.message).toContain('kyverno and gatekeeper');
    const strict = await json(['--strict']);
    expect(strict.status).toBe(2);
    expect(strict.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['CLI_NOT_ENFORCEABLE', 'error'],
    ]);
  });

  it('compiles a user rule without catalog-only metadata (controls, category)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kpc-out-'));
    const cwd = join(fixtures, 'minimal-rule');
    const compile = await runKpcInProcess(['compile', '--target', 'all', '--out', out], cwd);
    expect(compile.err).toBe('');
    expect(compile.status).toBe(0);
    expect((await runKpcInProcess(['test'], cwd)).status).toBe(0);
  });

  it('separates the code frames of findings at different places with a blank line', async () => {
    const r = await runKpcInProcess(
      ['lint', '--no-config', '--rules', 'pss-privileged,disallow-latest-tag', 'insecure'],
      fixtures,
    );
    expect(r.status).toBe(1);
    // Every code frame (its caret line) is followed by a blank line: the next finding's
    // header never sits directly under another finding's frame.
    const lines = r.out.split('\n');
    const carets = lines.flatMap((l, i) => (/^\s+\|\s*\^/.test(l) ? [i] : []));
    expect(carets.length).toBeGreaterThan(1);
    for (const i of carets) {
      const rest = lines.slice(i + 1);
      const next = rest.findIndex((l) => !/^\s+\d+ \| /.test(l));
      expect(rest[next]).toBe('');
    }
  });
});
