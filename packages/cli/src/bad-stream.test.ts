/**
 * Bad input under load, scaled down (the full size is in `pnpm bench`): a stream of
 * thousands of documents on stdin with a malformed one every hundred. Every bad document
 * gets its own located diagnostic, every good one is linted, and the run goes on.
 */
import { describe, expect, it } from 'vitest';
import { runKpcInProcess } from './test-support.ts';

const DOCUMENTS = 3000;
const BAD_EVERY = 100;

function stream(documents = DOCUMENTS): {
  text: string;
  badLines: Map<number, [number, number]>;
} {
  const docs: string[] = [];
  /** Document number → first and last line of it in the stream. */
  const badLines = new Map<number, [number, number]>();
  let line = 1;
  for (let i = 1; i <= documents; i++) {
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

  it('gives byte-identical reports when stdin is streamed in chunks (with `-` and piped without paths)', async () => {
    const { text } = stream(500);
    for (const format of ['json', 'text']) {
      const args = ['--no-config', '--rules', 'disallow-latest-tag', '-f', format];
      const whole = await runKpcInProcess(['lint', '-', ...args], '/', text);
      const dash = await runKpcInProcess(['lint', '-', ...args], '/', text, 4093);
      const piped = await runKpcInProcess(['lint', ...args], '/', text, 65536);
      expect(whole.status).toBe(2);
      expect([dash.status, dash.out]).toEqual([whole.status, whole.out]);
      expect([piped.status, piped.out]).toEqual([whole.status, whole.out]);
    }
  });

  it('refuses an empty piped stdin as nothing to lint, also when it comes as chunks', async () => {
    const r = await runKpcInProcess(['lint', '--no-config'], '/', '', 10);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/no manifests to lint/);
  });
});
