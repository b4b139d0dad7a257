/**
 * A long YAML stream is linted and reported chunk by chunk (loadInputParts): every report
 * format must be byte-identical to the report of the whole file at once, whatever the chunk
 * size and whatever the documents (findings, excepted findings, malformed documents, Lists,
 * duplicate objects across a chunk boundary, schema errors).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getReporter } from '@kpc/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runLint } from './commands/lint.ts';
import { loadProject } from './project.ts';
import { silentIO } from './test-support.ts';

const project = join(import.meta.dirname, 'fixtures', 'exceptions');
const dir = mkdtempSync(join(tmpdir(), 'kpc-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pod = (name: string, privileged: boolean, image: string) =>
  `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
spec:
  containers:
    - name: app
      image: ${image}
      securityContext:
        privileged: ${privileged}`;

/** Documents a stream is made of; names repeat so that objects recur across chunks. */
const documentArb = fc.oneof(
  fc
    .tuple(fc.constantFrom('a', 'b', 'c'), fc.boolean(), fc.constantFrom('nginx', 'nginx:1.27'))
    .map(([n, p, i]) => pod(n, p, i)),
  // Excepted by the fixture's exception (DaemonSet monitoring/node-agent, pss-privileged).
  fc.constant(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "agent:2", securityContext: {privileged: true}}]`),
  fc.constant('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: [unclosed'),
  fc.constant(`apiVersion: v1
kind: List
items:
  - ${pod('in-list', true, 'busybox').replaceAll('\n', '\n    ')}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}`),
  fc.constant('# only a comment'),
  fc.constant('apiVersion: v1\nmetadata: {name: no-kind}'),
  fc.constant(
    'apiVersion: v1\nkind: Pod\nmetadata: {name: typo}\nspec: {containers: [{name: x, image: y, imagePullPolicy: 3}]}',
  ),
);

const io = silentIO(project);

type Project = Awaited<ReturnType<typeof loadProject>>;
const projects = new Map<string, Project>();

async function report(
  format: string,
  inputs: readonly string[],
  split: { wholeFiles: true } | { chunkDocuments: number },
  rules?: readonly string[],
): Promise<{ text: string; exit: number }> {
  const reporter = getReporter(format)!;
  const chunks: string[] = [];
  const sink = { write: (s: string) => void chunks.push(s) };
  const key = rules?.join(',') ?? '';
  let loaded = projects.get(key);
  if (loaded === undefined) {
    loaded = await loadProject(io, rules ? { rules } : {});
    projects.set(key, loaded);
  }
  const run = await runLint(io, loaded, inputs, 'low', {
    open: (header) => reporter.open(header, { color: false, cwd: project, spoolChars: 64 }, sink),
    sourceLines: format === 'text',
    now: Date.parse('2026-12-01T00:00:00Z'),
    ...split,
  });
  return { text: chunks.join(''), exit: run.exitCode };
}

/** Each format's report of `inputs` in parts of `every` documents is the whole-file one. */
async function expectPartsAsWhole(
  inputs: readonly string[],
  every: number,
  formats: readonly string[],
  rules?: readonly string[],
): Promise<void> {
  for (const format of formats) {
    const whole = await report(format, inputs, { wholeFiles: true }, rules);
    const parts = await report(format, inputs, { chunkDocuments: every }, rules);
    expect(parts.text, format).toBe(whole.text);
    expect(parts.exit, format).toBe(whole.exit);
  }
}

/**
 * `check` on random streams of documentArb, each written to a fresh file and read in parts
 * of 1 to `maxEvery` documents: `runs` cases (`deepRuns` with KPC_DEEP), from `seed`.
 */
async function onRandomStreams(
  name: string,
  maxEvery: number,
  runs: number,
  deepRuns: number,
  seed: number,
  check: (file: string, every: number) => Promise<void>,
): Promise<void> {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(documentArb, { minLength: 1, maxLength: 14 }),
      fc.integer({ min: 1, max: maxEvery }),
      async (docs, every) => {
        const file = join(dir, `${name}-${n++}.yaml`);
        writeFileSync(file, `${docs.join('\n---\n')}\n`);
        await check(file, every);
      },
    ),
    { numRuns: Number(process.env.KPC_DEEP ? deepRuns : runs), seed },
  );
}

describe('kpc lint of a long stream, chunk by chunk', () => {
  it('writes every format exactly as for the whole file', async () => {
    await onRandomStreams('stream', 4, 20, 300, 20261202, async (file, every) => {
      // The stream between two other inputs, so that a file's parts are followed by another
      // file's.
      const inputs = [join(project, 'manifests'), file, join(project, '..', 'insecure')];
      await expectPartsAsWhole(inputs, every, ['text', 'json', 'sarif', 'junit', 'policyreport']);
    });
  }, 300_000);

  it('with a rule over the whole set, reads the files twice and writes the same reports', async () => {
    // require-network-policy judges each workload against every NetworkPolicy of the set:
    // the set comes from a first pass over the files, the report from a second, chunked one.
    const policy = fc
      .constantFrom('shop', 'monitoring', 'other')
      .map(
        (ns) =>
          `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec: {podSelector: {}, policyTypes: [Ingress]}`,
      );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(documentArb, policy), { minLength: 1, maxLength: 12 }),
        fc.array(fc.oneof(documentArb, policy), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        async (a, b, every) => {
          const first = join(dir, `set-a-${n}.yaml`);
          const second = join(dir, `set-b-${n++}.yaml`);
          writeFileSync(first, `${a.join('\n---\n')}\n`);
          writeFileSync(second, `${b.join('\n---\n')}\n`);
          const rules = ['require-network-policy', 'pss-privileged'];
          await expectPartsAsWhole([first, second], every, ['text', 'json', 'junit'], rules);
        },
      ),
      { numRuns: Number(process.env.KPC_DEEP ? 200 : 15), seed: 20261203 },
    );
  }, 300_000);

  it('one file with a rule over the whole set: streamed, its undecided objects said once', async () => {
    // Without the rest of the set the rule is not decided: one RULE_NEEDS_OBJECT_SET warning
    // per rule, at the file's first object it would have judged, with the count over every
    // part of the file (the last part says it, even when it holds no document).
    await onRandomStreams('single', 3, 15, 200, 20261204, (file, every) =>
      expectPartsAsWhole(
        [file],
        every,
        ['text', 'json', 'sarif'],
        ['require-network-policy', 'pss-privileged'],
      ),
    );
    // And the warning is there, with the count of the whole file.
    const file = join(dir, 'single-count.yaml');
    writeFileSync(
      file,
      `${Array.from({ length: 5 }, (_, i) => pod(`p${i}`, false, 'nginx:1')).join('\n---\n')}\n`,
    );
    const json = JSON.parse(
      (await report('json', [file], { chunkDocuments: 2 }, ['require-network-policy'])).text,
    ) as { diagnostics: { code: string; message: string; location?: { line: number } }[] };
    const needs = json.diagnostics.filter((d) => d.code === 'RULE_NEEDS_OBJECT_SET');
    expect(needs.map((d) => [d.message.match(/on (\d+) object/)?.[1], d.location?.line])).toEqual([
      ['5', 1],
    ]);
  }, 300_000);
});
