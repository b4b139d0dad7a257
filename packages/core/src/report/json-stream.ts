/**
 * Writing `JSON.stringify(value, null, 2)` of a large object piece by piece: the arrays
 * that grow with the corpus are spooled element by element (each indented as it will
 * stand), and the rest of the object is stringified at the end around them, so that the
 * bytes are those of one `JSON.stringify` of the whole.
 */
import { randomUUID } from 'node:crypto';
import type { ReportSink } from './reporter.ts';
import { Spool } from './spool.ts';

/** The elements of a JSON array that will stand at `depth` (its elements at depth + 1). */
export class JsonArraySpool {
  private readonly spool: Spool;
  private readonly pad: string;
  private count = 0;

  /** `memoryChars`: see {@link Spool}. */
  constructor(depth: number, memoryChars?: number) {
    this.pad = ' '.repeat(2 * (depth + 1));
    this.spool = new Spool(memoryChars);
  }

  get length(): number {
    return this.count;
  }

  push(value: unknown): void {
    const text = JSON.stringify(value, null, 2).replaceAll('\n', `\n${this.pad}`);
    this.spool.append(`${this.count === 0 ? '' : ',\n'}${this.pad}${text}`);
    this.count++;
  }

  /** Appends these elements to an array being written (after `before` elements). */
  drainTo(out: ReportSink, before: number): void {
    if (this.count === 0) return;
    if (before > 0) out.write(',\n');
    this.spool.drainTo(out);
  }
}

/** Writes `[...a, ...b, …]` of spooled arrays whose closing bracket stands at `depth`. */
export function writeJsonArray(
  out: ReportSink,
  depth: number,
  parts: readonly JsonArraySpool[],
): void {
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (total === 0) {
    out.write('[]');
    return;
  }
  out.write('[\n');
  let before = 0;
  for (const p of parts) {
    p.drainTo(out, before);
    before += p.length;
  }
  out.write(`\n${' '.repeat(2 * depth)}]`);
}

/**
 * Writes `JSON.stringify(skeleton(placeholder), null, 2)` with each placeholder string
 * replaced by its spooled array. `skeleton` puts `placeholder(name)` where array `name`
 * goes; `arrays` gives each array's parts and the depth its brackets stand at.
 */
export function writeJsonWithArrays(
  out: ReportSink,
  skeleton: (placeholder: (name: string) => string) => unknown,
  arrays: Readonly<Record<string, { depth: number; parts: readonly JsonArraySpool[] }>>,
): void {
  // A fresh token: no value of the report can contain it.
  const token = `@@kpc-${randomUUID()}@@`;
  const text = JSON.stringify(
    skeleton((name) => `${token}${name}`),
    null,
    2,
  );
  const pieces = text.split(new RegExp(`"${token}(\\w+)"`));
  out.write(pieces[0]!);
  for (let i = 1; i < pieces.length; i += 2) {
    const array = arrays[pieces[i]!];
    if (array === undefined) throw new Error(`no array for placeholder ${pieces[i]}`);
    writeJsonArray(out, array.depth, array.parts);
    out.write(pieces[i + 1]!);
  }
  out.write('\n');
}
