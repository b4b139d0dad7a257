/**
 * `kpc lint` reports stay byte-identical: every format, on the hostile inputs next to the
 * examples, on stdin, on the example project and on a project with exceptions (excepted
 * findings, an expired exception), against the sha256 of the reports recorded with the
 * reporters as they are on main before they stream (fixtures/report-golden.json): a change
 * to how reports are written must keep these bytes. In-process.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reporterNames } from '@kpc/core';
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const goldenFile = join(import.meta.dirname, 'fixtures', 'report-golden.json');
const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as {
  $comment: string;
  reports: Record<string, { sha256: string; bytes: number; exitCode: number }>;
};
const update = process.env.KPC_UPDATE_GOLDEN === '1';
/** A directory to write every report to, to diff a change that alters the bytes. */
const dump = process.env.KPC_GOLDEN_DUMP;
// Exceptions expire and PolicyReports are stamped with the time: every run is on the same day.
const now = ['--now', '2026-12-01'];

const INPUTS: Record<string, { args: string[]; cwd: string; stdin?: string }> = {
  hostile: {
    args: ['tests/fixtures/hostile', 'examples/manifests', '--no-config', ...now],
    cwd: root,
  },
  stdin: {
    args: ['-', '--no-config', ...now],
    cwd: root,
    stdin: readFileSync(join(root, 'tests/fixtures/hostile/bad-then-good.yaml'), 'utf8'),
  },
  examples: { args: [...now], cwd: join(root, 'examples') },
  exceptions: { args: [...now], cwd: join(import.meta.dirname, 'fixtures', 'exceptions') },
  expired: {
    args: ['--now', '2026-12-31'],
    cwd: join(import.meta.dirname, 'fixtures', 'exceptions'),
  },
};

describe('report bytes are unchanged', () => {
  it('covers every built-in format', () => {
    expect(reporterNames()).toEqual(['text', 'json', 'sarif', 'junit', 'policyreport']);
  });
  for (const [input, { args, cwd, stdin }] of Object.entries(INPUTS))
    for (const format of reporterNames()) {
      const key = `${input}.${format}`;
      it(key, async () => {
        const r = await runKpcInProcess(['lint', ...args, '-f', format], cwd, stdin);
        const actual = {
          sha256: createHash('sha256').update(r.out).digest('hex'),
          bytes: Buffer.byteLength(r.out),
          exitCode: r.status ?? -1,
        };
        if (dump !== undefined) writeFileSync(join(dump, key), r.out);
        if (update) golden.reports[key] = actual;
        else expect(actual, `${key}: ${r.err}`).toEqual(golden.reports[key]);
      });
    }
  if (update)
    it('writes the golden file', () => {
      writeFileSync(goldenFile, `${JSON.stringify(golden, null, 2)}\n`);
    });
});
