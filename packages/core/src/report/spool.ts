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

/**
 * Bytes a temporary file is written and read in. Small on purpose: the text read back is
 * at most this many characters, below V8's large-object size, so it dies young too.
 */
const IO_CHUNK = 32 * 1024;

/**
 * A {@link ReportSink} that writes UTF-8 to an open file through a buffer of `bufferBytes`
 * (default 64 KiB): each text is encoded piece by piece into the one reused buffer, so that
 * no large string or Buffer is made for it (those live in V8's large-object space until a
 * full GC). Call `flush` at the end.
 */
export class FileSink implements ReportSink {
  /** Bytes written so far, the buffered ones included. */
  size: number;
  private readonly buffer: Buffer;
  private used = 0;

  constructor(
    private readonly fd: number,
    bufferBytes = 64 * 1024,
    /** Where the first byte goes (writes are positioned); default 0. */
    start = 0,
  ) {
    this.buffer = Buffer.allocUnsafe(bufferBytes);
    this.size = start;
  }

  write(text: string): void {
    let at = 0;
    while (at < text.length) {
      // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair: 4 for 2 units).
      let take = Math.min(text.length - at, Math.floor((this.buffer.length - this.used) / 3));
      const last = text.charCodeAt(at + take - 1);
      if (take > 0 && at + take < text.length && last >= 0xd800 && last <= 0xdbff) take--;
      if (take === 0) {
        this.flush();
        continue;
      }
      const n = this.buffer.write(text.slice(at, at + take), this.used);
      this.used += n;
      this.size += n;
      at += take;
    }
  }

  /** Writes UTF-8 bytes after what was written so far. */
  writeBytes(bytes: Uint8Array): void {
    if (bytes.length <= this.buffer.length - this.used) {
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
      this.size += bytes.length;
      return;
    }
    this.flush();
    let done = 0;
    while (done < bytes.length)
      done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
  }

  /** Writes the buffered bytes to the file. */
  flush(): void {
    let done = 0;
    const start = this.size - this.used;
    while (done < this.used)
      done += writeSync(this.fd, this.buffer, done, this.used - done, start + done);
    this.used = 0;
  }
}

/**
 * A file in a private temporary directory, unlinked (with the directory) as soon as it is
 * open where the OS allows it (POSIX), so nothing is left behind even when the process is
 * killed; elsewhere both are removed on close.
 */
class TemporaryFile {
  readonly fd: number;
  private readonly sink: FileSink;
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
    this.sink = new FileSink(this.fd, IO_CHUNK);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.sink.size;
  }

  append(text: string): void {
    this.sink.write(text);
  }

  private flush(): void {
    this.sink.flush();
  }

  /** The bytes [start, end) as text. */
  read(start: number, end: number): string {
    this.flush();
    const buffer = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < buffer.length) {
      const n = readSync(this.fd, buffer, done, buffer.length - done, start + done);
      if (n === 0) throw new Error('report spool: the temporary file is shorter than written');
      done += n;
    }
    return buffer.toString('utf8');
  }

  /** Writes the whole file to `out`, in chunks: its bytes where `out` takes bytes. */
  drainTo(out: ReportSink): void {
    this.flush();
    if (out.writeBytes) {
      // The file is UTF-8 already: copied without decoding (no string per chunk).
      const buffer = Buffer.allocUnsafe(IO_CHUNK * 4);
      let position = 0;
      for (;;) {
        const n = readSync(this.fd, buffer, 0, buffer.length, position);
        if (n === 0) return;
        position += n;
        out.writeBytes(n === buffer.length ? buffer : buffer.subarray(0, n));
      }
    }
    const buffer = Buffer.allocUnsafe(IO_CHUNK);
    const decoder = new StringDecoder('utf8');
    let position = 0;
    for (;;) {
      const n = readSync(this.fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      position += n;
      const text = decoder.write(n === buffer.length ? buffer : buffer.subarray(0, n));
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

/**
 * An append-only text buffer that spills to a temporary file past `memoryChars`. The file
 * holds UTF-8, so a lone surrogate comes back as U+FFFD: the bytes a report written as
 * UTF-8 has there anyway.
 */
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
    for (const c of this.chunks) this.file.append(c);
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
    for (const text of this.pending) {
      this.offsets[this.moved++] = this.file.size;
      this.file.append(text);
    }
    this.offsets[this.moved] = this.file.size;
    this.pending = [];
    this.chars = 0;
  }
}

/**
 * Numbers distinct strings 0, 1, 2, … in the order first given, with the strings in a
 * {@link RecordSpool} (in memory up to its limit, then in a temporary file) and 8 bytes per
 * slot in memory: a 32-bit hash and the string's number, in an open-addressing table at
 * most half full. Exact: a hash that matches is confirmed by reading the string back, so a
 * collision costs one read, never a wrong answer. The hash is seeded per index, so input
 * cannot be made to collide on purpose. JUnit and PolicyReport number the objects of the
 * open file with one (a stream of 100,000 documents is one file): about 24 bytes per key in
 * memory instead of the key's string and a Map entry.
 */
export class SpooledStringIndex {
  private hashes = new Int32Array(1024);
  /** The string's number + 1 per slot; 0: empty. */
  private ids = new Int32Array(1024);
  private count = 0;
  private lastValue: string | undefined;
  private lastIndex = -1;
  private readonly records: RecordSpool;
  private readonly seed = (Math.random() * 0x100000000) | 0;

  constructor(
    memoryChars?: number,
    /** The hash (the seeded FNV-1a by default; the tests make every value collide). */
    private readonly hashOf: (value: string) => number = (value) => this.fnv(value),
  ) {
    this.records = new RecordSpool(memoryChars);
  }

  /** Distinct strings so far. */
  get size(): number {
    return this.count;
  }

  /** The number of `value`: the next number when it is new. */
  intern(value: string): number {
    // The last value asked for: an object's findings come one after another.
    if (value === this.lastValue) return this.lastIndex;
    const h = this.hashOf(value) | 0;
    const slot = this.find(value, h);
    let index: number;
    if (slot >= 0) index = this.ids[slot]! - 1;
    else {
      if (2 * (this.count + 1) > this.ids.length) this.grow();
      // JSON text: a lone surrogate survives the spool's UTF-8 as its escape.
      index = this.records.append(JSON.stringify(value));
      this.place(h, index + 1);
      this.count++;
    }
    this.lastValue = value;
    this.lastIndex = index;
    return index;
  }

  /** Releases the spool's temporary file and the table; the index is not used afterwards. */
  close(): void {
    this.records.close();
    this.hashes = new Int32Array(0);
    this.ids = new Int32Array(0);
  }

  /** The slot holding `value`, or -1. */
  private find(value: string, h: number): number {
    const mask = this.ids.length - 1;
    let encoded: string | undefined;
    for (let slot = h & mask; this.ids[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.hashes[slot] !== h) continue;
      encoded ??= JSON.stringify(value);
      if (this.records.read(this.ids[slot]! - 1) === encoded) return slot;
    }
    return -1;
  }

  private place(h: number, id: number): void {
    const mask = this.ids.length - 1;
    let slot = h & mask;
    while (this.ids[slot] !== 0) slot = (slot + 1) & mask;
    this.hashes[slot] = h;
    this.ids[slot] = id;
  }

  private grow(): void {
    const { hashes, ids } = this;
    this.hashes = new Int32Array(ids.length * 2);
    this.ids = new Int32Array(ids.length * 2);
    for (let slot = 0; slot < ids.length; slot++)
      if (ids[slot] !== 0) this.place(hashes[slot]!, ids[slot]!);
  }

  /** FNV-1a over the UTF-16 code units, from the seed, with a final mix. */
  private fnv(value: string): number {
    let h = this.seed ^ 0x811c9dc5;
    for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    return h ^ (h >>> 13);
  }
}
