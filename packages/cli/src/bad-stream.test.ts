/**
 * Bad input under load, scaled down (the full size is in `pnpm bench`): a stream of
 * thousands of documents on stdin with a malformed one every hundred. Every bad document
 * gets its own located diagnostic, every good one is linted, and the run goes on.
 */
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

const DOCUMENTS = 3000;
const BAD_EVERY = 100;

function stream(): { text: string; badLines: Map<number, [number, number]> } {
  const docs: string[] = [];
  /** Document number → first and last line of it in the stream. */
  const badLines = new Map<number, [number, number]>();
  let line = 1;
  for (let i = 1; i <= DOCUMENTS; i++) {
    const doc =
      i % BAD_EVERY === 0
        ? `apiVersion: v1\nkind: Pod\nmetadata: {name: bad-${i}}\nspec: [unclosed, ${i}\n`
        : `apiVersion: v1\nkind: Pod\nmetadata: {name: good-${i}, namespace: shop}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n`;
    const lines = doc.split('\n').length - 1;
    if (i % BAD_EVERY === 0) badLines.set(i, [line, line + lines]);
    docs.push(doc);
    line += lines + 1; // the `---` separator
  }
  return { text: docs.join('---\n'), badLines };
}

describe('a long stream with malformed documents', () => {
  it('locates every bad document and lints every good one', async () => {
    const { text, badLines } = stream();
    const r = await runKpcInProcess(
      ['lint', '-', '--no-config', '--rules', 'disallow-latest-tag', '-f', 'json'],
      '/',
      text,
    );
    expect(r.status, r.err).toBe(2); // input errors
    const report = JSON.parse(r.out) as {
      summary: { documents: number };
      findings: { resource: { name: string } }[];
      diagnostics: { code: string; severity: string; location: { file: string; line: number } }[];
    };
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(badLines.size);
    // One syntax error per bad document, inside it (or on the separator right after it).
    const ranges = [...badLines.values()];
    errors.forEach((d, n) => {
      expect(d.code).toBe('LOAD_YAML_SYNTAX');
      expect(d.location.file).toBe('<stdin>');
      const [first, last] = ranges[n]!;
      expect(d.location.line).toBeGreaterThanOrEqual(first);
      expect(d.location.line).toBeLessThanOrEqual(last + 1);
    });
    const good = DOCUMENTS - badLines.size;
    expect(report.summary.documents).toBe(good);
    const flagged = new Set(report.findings.map((f) => f.resource.name));
    expect(flagged.size).toBe(good);
    for (let i = 1; i <= DOCUMENTS; i++)
      if (i % BAD_EVERY !== 0) expect(flagged.has(`good-${i}`)).toBe(true);
  }, 120_000);
});
