/**
 * Text that a streaming reporter must write later than it learns it (a JSON report's
 * summary comes before its findings): kept in memory up to a limit, then appended to an
 * anonymous temporary file, so that a report's memory does not grow with the corpus.
 */
import {
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ReportSink } from './reporter.ts';

/**
 * Characters kept in memory before a spool moves to a temporary file (default). Small on
 * purpose: text that waits long is promoted to V8's old generation, which is collected
 * late, so a 4 Mi buffer peaked ~90 MB higher on the 10,000-manifest corpus than this one.
 */
export const SPOOL_MEMORY_CHARS = 256 * 1024;

const READ_CHUNK = 1024 * 1024;

/**
 * A file in a private temporary directory, unlinked (with the directory) as soon as it is
 * open where the OS allows it (POSIX), so nothing is left behind even when the process is
 * killed; elsewhere both are removed on close.
 */
class TemporaryFile {
  readonly fd: number;
  /** Bytes written so far. */
  size = 0;
  private leftover: { file: string; dir: string } | undefined;

  constructor() {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-report-'));
    const file = join(dir, 'spool');
    this.fd = openSync(file, 'w+', 0o600);
    try {
      unlinkSync(file);
      rmdirSync(dir);
    } catch {
      this.leftover = { file, dir };
    }
  }

  append(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length)
      done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
  }

  /** The bytes [start, end) as text. */
  read(start: number, end: number): string {
    const buffer = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < buffer.length) {
      const n = readSync(this.fd, buffer, done, buffer.length - done, start + done);
      if (n === 0) throw new Error('report spool: the temporary file is shorter than written');
      done += n;
    }
    return buffer.toString('utf8');
  }

  /** Writes the whole file to `out`, in chunks. */
  drainTo(out: ReportSink): void {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    const decoder = new StringDecoder('utf8');
    let position = 0;
    for (;;) {
      const n = readSync(this.fd, buffer, 0, READ_CHUNK, position);
      if (n === 0) break;
      position += n;
      const text = decoder.write(n === READ_CHUNK ? buffer : buffer.subarray(0, n));
      if (text.length > 0) out.write(text);
    }
    const rest = decoder.end();
    if (rest.length > 0) out.write(rest);
  }

  close(): void {
    closeSync(this.fd);
    if (this.leftover) {
      rmSync(this.leftover.file, { force: true });
      rmdirSync(this.leftover.dir);
      this.leftover = undefined;
    }
  }
}

/** An append-only text buffer that spills to a temporary file past `memoryChars`. */
export class Spool {
  private chunks: string[] = [];
  private chars = 0;
  private file: TemporaryFile | undefined;

  constructor(private readonly memoryChars: number = SPOOL_MEMORY_CHARS) {}

  /** True when nothing was appended. */
  get empty(): boolean {
    return this.file === undefined && this.chars === 0;
  }

  append(text: string): void {
    if (text.length === 0) return;
    this.chunks.push(text);
    this.chars += text.length;
    if (this.chars >= this.memoryChars) this.spill();
  }

  /** Writes everything appended to `out`, in order, and releases the spool. */
  drainTo(out: ReportSink): void {
    if (this.file === undefined) {
      for (const c of this.chunks) out.write(c);
      this.chunks = [];
      this.chars = 0;
      return;
    }
    this.spill();
    this.file.drainTo(out);
    this.file.close();
    this.file = undefined;
  }

  private spill(): void {
    if (this.chars === 0) return;
    this.file ??= new TemporaryFile();
    this.file.append(this.chunks.join(''));
    this.chunks = [];
    this.chars = 0;
  }
}

/**
 * Texts read back one at a time in any order (PolicyReport results, sorted at the end):
 * kept in memory up to `memoryChars`, then moved to a temporary file, with 8 bytes per
 * record (its offset) kept in memory.
 */
export class RecordSpool {
  /** Records not yet moved to the file: ids `moved` … `moved + pending.length - 1`. */
  private pending: string[] = [];
  private chars = 0;
  private moved = 0;
  /** Byte offsets in the file of records 0 … moved (the last: the end of record moved-1). */
  private offsets = new Float64Array(1024);
  private file: TemporaryFile | undefined;

  constructor(private readonly memoryChars: number = SPOOL_MEMORY_CHARS) {}

  /** Keeps `text`; returns its id (0, 1, 2, … in order). */
  append(text: string): number {
    const id = this.moved + this.pending.length;
    this.pending.push(text);
    this.chars += text.length;
    if (this.chars >= this.memoryChars) this.spill();
    return id;
  }

  read(id: number): string {
    if (id >= this.moved) {
      const text = this.pending[id - this.moved];
      if (text === undefined) throw new Error(`report spool: no record ${id}`);
      return text;
    }
    return this.file!.read(this.offsets[id]!, this.offsets[id + 1]!);
  }

  /** Releases the temporary file. */
  close(): void {
    this.file?.close();
    this.file = undefined;
    this.pending = [];
  }

  private spill(): void {
    this.file ??= new TemporaryFile();
    const needed = this.moved + this.pending.length + 1;
    if (needed > this.offsets.length) {
      const grown = new Float64Array(Math.max(needed, this.offsets.length * 2));
      grown.set(this.offsets);
      this.offsets = grown;
    }
    let at = this.file.size;
    for (const text of this.pending) {
      this.offsets[this.moved++] = at;
      at += Buffer.byteLength(text);
    }
    this.offsets[this.moved] = at;
    this.file.append(this.pending.join(''));
    this.pending = [];
    this.chars = 0;
  }
}
