import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLimits } from './limits.ts';
import { loadInputParts, loadManifestFileParts } from './load-inputs.ts';
import type { LoadPart } from './parse-manifest-text.ts';
import { parseManifestStream, parseManifestText } from './parse-manifest-text.ts';
import type { ReadStreamOptions } from './read-manifest-stream.ts';
import { expectSameLoad } from './test-support/expect-same-load.ts';
import { randomStream } from './test-support/random-stream.ts';
import type { LoaderLimits, LoadResult } from './types.ts';

/** Cases per property; `KPC_DEEP=1` for the long campaign (files read byte by byte: slow). */
const runs = process.env.KPC_DEEP ? 5_000 : 120;
const deepTimeout = process.env.KPC_DEEP ? 1_800_000 : undefined;

const dir = mkdtempSync(join(tmpdir(), 'kpc-stream-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The parts in one result, checking that only the last is marked last and has diagnostics. */
async function collect(parts: AsyncIterable<LoadPart>): Promise<LoadResult> {
  const all: LoadPart[] = [];
  for await (const p of parts) all.push(p);
  expect(all.map((p) => p.last)).toEqual(all.map((_, i) => i === all.length - 1));
  for (const p of all.slice(0, -1)) expect([p.diagnostics, p.unreadableInputs]).toEqual([[], 0]);
  const last = all[all.length - 1];
  if (!last) throw new Error('no part');
  return { ...last, documents: all.flatMap((p) => p.documents) };
}

let n = 0;
/** Reads `bytes` as a file through the streamed reader. */
async function readAsFile(
  bytes: Uint8Array,
  limits: Partial<LoaderLimits>,
  options: ReadStreamOptions,
): Promise<LoadResult> {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, bytes);
  const r = await collect(loadManifestFileParts(file, resolveLimits(limits), options));
  rmSync(file);
  return r;
}

/** `text` (or bytes) read whole and never split: the reference. */
function whole(
  input: string | Uint8Array,
  file: string,
  limits: Partial<LoaderLimits>,
  fastPath: boolean,
) {
  return parseManifestText(input, file, limits, {
    fastPath,
    chunkDocuments: Number.POSITIVE_INFINITY,
  });
}

const readOptions = fc.record({
  readBytes: fc.integer({ min: 1, max: 9 }),
  chunkDocuments: fc.constantFrom(1, 2, 3, 200),
  fastPath: fc.boolean(),
});

describe('a YAML file read incrementally', () => {
  it(
    'gives the same documents, locations, source lines and diagnostics as the whole file, with reads of a few bytes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          randomStream,
          readOptions,
          fc.constantFrom(undefined, 1, 3),
          async (text, options, maxDocuments) => {
            const limits: Partial<LoaderLimits> = maxDocuments ? { maxDocuments } : {};
            const bytes = Buffer.from(text, 'utf8');
            const file = join(dir, `s${n}.yaml`);
            const expected = whole(bytes, file, limits, options.fastPath);
            expectSameLoad(await readAsFile(bytes, limits, options), expected);
          },
        ),
        { numRuns: runs },
      );
    },
    deepTimeout,
  );

  it(
    'refuses a NUL byte or invalid UTF-8 anywhere exactly as the whole file does (no document is handed out first)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          randomStream,
          fc.nat(),
          fc.constantFrom(
            [0x00],
            [0xff],
            [0xc3],
            [0xe2, 0x82],
            [0xf0, 0x9f, 0x98],
            [0xed, 0xa0, 0x80],
            [0x80],
          ),
          fc.boolean(),
          readOptions,
          async (text, at, bad, alsoNul, options) => {
            const good = Buffer.from(text, 'utf8');
            const cut = at % (good.length + 1);
            const parts = [good.subarray(0, cut), Buffer.from(bad), good.subarray(cut)];
            // A NUL after an invalid sequence: binary wins, located at the NUL.
            if (alsoNul) parts.push(Buffer.from('\nx\u0000'));
            const bytes = Buffer.concat(parts);
            const file = join(dir, `s${n}.yaml`);
            const expected = whole(bytes, file, {}, options.fastPath);
            const actual = await readAsFile(bytes, {}, options);
            expectSameLoad(actual, expected);
          },
        ),
        { numRuns: runs },
      );
    },
    deepTimeout,
  );

  it('gives the same result for text given in pieces cut anywhere (inside lines, between surrogates)', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomStream,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(1, 2, 200),
        fc.boolean(),
        async (text, cutsAt, chunkDocuments, fastPath) => {
          const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
          const cuts = [...new Set(cutsAt.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...cuts].map((c, i) => body.slice(c, cuts[i] ?? body.length));
          const reads = (async function* () {
            yield* pieces;
          })();
          const actual = await collect(
            parseManifestStream(reads, 's.yaml', {}, { chunkDocuments, fastPath }),
          );
          expectSameLoad(actual, whole(text, 's.yaml', {}, fastPath));
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('stdin read incrementally', () => {
  /** The bytes in chunks of `size`, as a pipe delivers them. */
  const chunksOf = (bytes: Uint8Array, size: number) =>
    async function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    };

  it('gives the same parts as stdin read whole (YAML streams, JSON, refused bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          randomStream.map((t) => Buffer.from(t, 'utf8')),
          fc.constant(
            Buffer.from(
              ' \n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}\n',
            ),
          ),
          fc.constant(Buffer.from('{a: 1}\n')),
          randomStream.map((t) => Buffer.concat([Buffer.from(t), Buffer.from([0xc3])])),
        ),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(1, 200),
        async (bytes, size, chunkDocuments) => {
          const streamed = await collect(
            loadInputParts(['-'], { stdinChunks: chunksOf(bytes, size), chunkDocuments }),
          );
          const held = await collect(
            loadInputParts(['-'], { stdin: async () => bytes, chunkDocuments }),
          );
          expectSameLoad(streamed, held);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('holds stdin whole, with the same result, when no temporary file can be made', async () => {
    const bytes = Buffer.from(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: X\nmetadata: {name: b}\n',
    );
    const before = process.env.TMPDIR;
    process.env.TMPDIR = join(dir, 'missing', 'tmp');
    try {
      const streamed = await collect(loadInputParts(['-'], { stdinChunks: chunksOf(bytes, 5) }));
      expectSameLoad(streamed, await collect(loadInputParts(['-'], { stdin: async () => bytes })));
      expect(streamed.documents.map((d) => d.name)).toEqual(['a', 'b']);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });

  it('reports a stdin that fails while it is read as LOAD_READ_FAILED', async () => {
    const failing = async function* () {
      yield Buffer.from('apiVersion: v1\n');
      throw Object.assign(new Error('broken pipe'), { code: 'EPIPE' });
    };
    const r = await collect(loadInputParts(['-'], { stdinChunks: failing }));
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['LOAD_READ_FAILED', 'Could not read stdin: EPIPE.'],
    ]);
    expect(r.unreadableInputs).toBe(1);
  });
});

describe('checks of the whole stream, read in pieces', () => {
  it('reports a control character outside every document once, at its line, after the documents', async () => {
    const text = `apiVersion: v1\nkind: X\nmetadata: {name: a}\n...\n# \u0007 here\n---\napiVersion: v1\nkind: X\nmetadata: {name: b}\n`;
    const r = await readAsFile(Buffer.from(text), {}, { readBytes: 3, chunkDocuments: 1 });
    expect(r.documents.map((d) => d.name)).toEqual(['a', 'b']);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['LOAD_CONTROL_CHARACTER', 5, 3],
    ]);
  });

  it('replaces the YAML errors of an unrendered template by one LOAD_TEMPLATE at its first action, in any chunk', async () => {
    const good = '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n';
    const text = `${good.repeat(5)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n${good}`;
    const r = await readAsFile(Buffer.from(text), {}, { readBytes: 4, chunkDocuments: 1 });
    expect(r.documents).toHaveLength(6);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['LOAD_TEMPLATE', 25, 9],
    ]);
  });
});

describe('maxFileBytes for a stream read incrementally', () => {
  const pods = (count: number, from = 0) =>
    Array.from(
      { length: count },
      (_, i) => `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${from + i}\nspec: {}\n`,
    ).join('');

  it('reads a stream far larger than maxFileBytes when each chunk is smaller', async () => {
    const text = pods(2000); // about 110 KB
    const r = await readAsFile(
      Buffer.from(text),
      { maxFileBytes: 4096 },
      { readBytes: 1000, chunkDocuments: 20 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.unreadableInputs).toBe(0);
    expect(r.documents.map((d) => d.name)).toEqual(Array.from({ length: 2000 }, (_, i) => `p${i}`));
    expect(r.documents[1999]?.locate('/metadata/name')).toMatchObject({
      line: 1999 * 6 + 5,
      column: 9,
    });
  });

  it('refuses a document larger than maxFileBytes at its line; the documents before it are loaded', async () => {
    const big = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  x: "${'x'.repeat(5000)}"\n`;
    const text = pods(3) + big + pods(2, 3);
    const r = await readAsFile(
      Buffer.from(text),
      { maxFileBytes: 4096 },
      { readBytes: 512, chunkDocuments: 1 },
    );
    expect(r.documents.map((d) => d.name)).toEqual(['p0', 'p1', 'p2']);
    expect(r.diagnostics).toMatchObject([
      {
        code: 'LOAD_TOO_LARGE',
        severity: 'error',
        location: { file: expect.stringMatching(/\.yaml$/), line: 19, column: 1 },
      },
    ]);
    expect(r.diagnostics[0]?.message).toMatch(/larger than the limit of 4096 bytes.*not read/);
    expect(r.unreadableInputs).toBe(1);
  });

  it('refuses the rest of a stream that must be parsed whole (an unclosed quote) when it is over the limit', async () => {
    const open =
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: open}\ndata:\n  s: "never closed\n';
    const text = pods(2) + open + pods(200, 2);
    const r = await readAsFile(
      Buffer.from(text),
      { maxFileBytes: 4096 },
      { readBytes: 700, chunkDocuments: 1 },
    );
    expect(r.documents.map((d) => d.name)).toEqual(['p0', 'p1']);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['LOAD_TOO_LARGE', 13]]);
    expect(r.diagnostics[0]?.hint).toMatch(/quoted scalar/);
  });

  it('still refuses a JSON file over maxFileBytes whole', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(
      file,
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: { x: 'x'.repeat(5000) } }),
    );
    const r = await collect(loadManifestFileParts(file, resolveLimits({ maxFileBytes: 4096 })));
    expect(r.diagnostics.map((d) => [d.code, d.location])).toEqual([
      ['LOAD_TOO_LARGE', { file, line: 1, column: 1 }],
    ]);
  });
});
