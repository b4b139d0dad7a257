/**
 * Reads a YAML file incrementally: fixed-size reads, decoded as UTF-8 without splitting a
 * character, parsed chunk by chunk (parseManifestStream). Never holds the whole file.
 */

import { isUtf8 } from 'node:buffer';
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnostic } from '@kpc/ir';
import { firstInvalidUtf8 } from './decode-input.ts';
import {
  type LoadPart,
  type ParseManifestOptions,
  parseManifestParts,
  parseManifestStream,
  undecodable,
} from './parse-manifest-text.ts';
import type { LoaderLimits } from './types.ts';

/** Bytes per read of a streamed file (1 MiB). */
export const READ_BYTES = 1 << 20;

/** What {@link readManifestStream} needs of an open file (a `node:fs/promises` FileHandle). */
export interface ReadableFile {
  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }>;
}

/** Options of {@link readManifestStream}. */
export interface ReadStreamOptions extends ParseManifestOptions {
  /** Bytes per read (default {@link READ_BYTES}); tests use tiny reads to put boundaries everywhere. */
  readonly readBytes?: number;
}

/**
 * The parts of the YAML file open at `handle`, exactly as `parseManifestParts` gives them for
 * the file's bytes (tested with reads of a few bytes), read in two passes of fixed-size reads:
 * the first checks what concerns the whole file before any document is handed out (a NUL
 * byte anywhere makes it binary, and the first invalid UTF-8 sequence), the second decodes
 * and parses it chunk by chunk. A read that fails, or a file that changes between the passes,
 * ends the parts with LOAD_READ_FAILED. Never throws.
 */
export async function* readManifestStream(
  handle: ReadableFile,
  file: string,
  limits: LoaderLimits,
  options: ReadStreamOptions = {},
): AsyncGenerator<LoadPart, void, undefined> {
  const size = options.readBytes ?? READ_BYTES;
  let failed: unknown;
  try {
    const problem = await checkBytes(reads(handle, size));
    if (problem) {
      const at = await positionOf(reads(handle, size, problem.byteOffset), file);
      yield undecodable(problem.reason, problem.byteOffset, at);
      return;
    }
  } catch (e) {
    yield readFailed(file, e, { documents: [], diagnostics: [], unreadableInputs: 1, last: true });
    return;
  }
  const texts = async function* (): AsyncGenerator<string, void, undefined> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      for await (const bytes of reads(handle, size)) yield decoder.decode(bytes, { stream: true });
      yield decoder.decode();
    } catch (e) {
      failed = e;
    }
  };
  for await (const part of parseManifestStream(texts(), file, limits, options)) {
    if (part.last && failed !== undefined) yield readFailed(file, failed, part);
    else yield part;
  }
}

/**
 * The parts of stdin given as chunks as they come: spooled to a temporary file (unlinked at
 * once where the system allows, removed at the end) while it is read, then read as a file
 * ({@link readManifestStream}), so that the checks of the whole input stay exact and memory
 * holds one chunk of the stream, not all of it. A stdin whose first non-blank character is
 * `{` (JSON, detected as for whole input) is read whole, as before. `unreadable` is the
 * result when stdin itself cannot be read. Never throws.
 */
export async function* readStdinStream(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  limits: LoaderLimits,
  options: ReadStreamOptions,
  unreadable: (e: unknown) => LoadPart,
): AsyncGenerator<LoadPart, void, undefined> {
  let dir: string | undefined;
  let handle: FileHandle | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), 'kpc-stdin-'));
    handle = await open(join(dir, 'stdin'), 'w+');
    // Unlinked at once where the system allows it (the open handle keeps the file).
    await rm(dir, { recursive: true, force: true }).then(
      () => (dir = undefined),
      () => undefined,
    );
  } catch {
    // No temporary file: stdin is held whole, as it was before it was streamed.
  }
  try {
    if (!handle) {
      let bytes: Uint8Array;
      try {
        const all: Uint8Array[] = [];
        for await (const chunk of chunks) all.push(Uint8Array.from(chunk));
        bytes = Buffer.concat(all);
      } catch (e) {
        yield unreadable(e);
        return;
      }
      yield* parseManifestParts(bytes, file, limits, options);
      return;
    }
    let json: Uint8Array | undefined;
    try {
      let size = 0;
      for await (const chunk of chunks) {
        await handle.write(chunk);
        size += chunk.length;
      }
      if ((await firstNonBlank(reads(handle, options.readBytes ?? READ_BYTES))) === '{')
        // JSON: read whole, as a JSON file is (refused whole over maxFileBytes).
        json =
          size > limits.maxFileBytes
            ? new Uint8Array(limits.maxFileBytes + 1)
            : await readAll(handle, size);
    } catch (e) {
      yield unreadable(e);
      return;
    }
    if (json) yield* parseManifestParts(json, file, limits, options);
    else yield* readManifestStream(handle, file, limits, options);
  } finally {
    await handle?.close().catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The first character of the decoded input that is not white space (as `trimStart` trims). */
async function firstNonBlank(chunks: AsyncIterable<Uint8Array>): Promise<string | undefined> {
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of chunks) {
    const m = /\S/u.exec(decoder.decode(bytes, { stream: true }));
    if (m) return m[0];
  }
  return /\S/u.exec(decoder.decode())?.[0];
}

async function readAll(handle: ReadableFile, size: number): Promise<Uint8Array> {
  const bytes = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const { bytesRead } = await handle.read(bytes, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return bytes.subarray(0, at);
}

/** The file's bytes in reads of `size` (before `end`); the buffer is reused between reads. */
async function* reads(
  handle: ReadableFile,
  size: number,
  end = Number.POSITIVE_INFINITY,
): AsyncGenerator<Uint8Array, void, undefined> {
  const buffer = Buffer.allocUnsafe(size);
  let position = 0;
  while (position < end) {
    const want = Math.min(size, end - position);
    const { bytesRead } = await handle.read(buffer, 0, want, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * What `decodeInput` would refuse in the whole input: the first NUL byte anywhere (binary
 * wins over UTF-8, as there), else the first invalid UTF-8 sequence. The bytes of a
 * character cut by a read are carried to the next one.
 */
async function checkBytes(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ reason: 'binary' | 'utf8'; byteOffset: number } | undefined> {
  let offset = 0;
  let carry: Uint8Array = new Uint8Array(0);
  let invalid: number | undefined;
  for await (const chunk of chunks) {
    const nul = chunk.indexOf(0);
    if (nul !== -1) return { reason: 'binary', byteOffset: offset + nul };
    if (invalid === undefined) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const start = offset - carry.length;
      const whole = completePrefix(bytes);
      if (!isUtf8(bytes.subarray(0, whole))) invalid = start + firstInvalidUtf8(bytes);
      carry = Uint8Array.from(bytes.subarray(whole));
    }
    offset += chunk.length;
  }
  if (invalid === undefined && carry.length > 0) invalid = offset - carry.length;
  return invalid === undefined ? undefined : { reason: 'utf8', byteOffset: invalid };
}

/**
 * The length of `bytes` without a character that the end cuts (a lead byte followed by fewer
 * continuation bytes than it needs); anything else invalid is left for the check to find.
 */
function completePrefix(bytes: Uint8Array): number {
  let i = bytes.length;
  let continuation = 0;
  while (continuation < 3 && i > 0 && ((bytes[i - 1] ?? 0) & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i === 0) return bytes.length;
  const lead = bytes[i - 1] ?? 0;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return need > continuation ? i - 1 : bytes.length;
}

/**
 * The location of the end of the text the bytes decode to (with U+FFFD for bad sequences,
 * as `parseManifestParts` locates a refused input): its line count and last line's length.
 */
async function positionOf(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
): Promise<{ file: string; line: number; column: number }> {
  const decoder = new TextDecoder('utf-8');
  let line = 1;
  let column = 1;
  const count = (text: string): void => {
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      column += text.length;
      return;
    }
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
    column = text.length - last;
  };
  for await (const bytes of chunks) count(decoder.decode(bytes, { stream: true }));
  count(decoder.decode());
  return { file, line, column };
}

/** `part` (the file's last) with a LOAD_READ_FAILED for `e` after its diagnostics. */
function readFailed(file: string, e: unknown, part: LoadPart): LoadPart {
  const code = (e as { code?: string } | null)?.code;
  const why = typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
  return {
    ...part,
    diagnostics: [
      ...part.diagnostics,
      diagnostic({
        code: 'LOAD_READ_FAILED',
        severity: 'error',
        message: `Could not read the file: ${why}.`,
        hint: 'Check the path and its permissions.',
        location: { file, line: 1, column: 1 },
      }),
    ],
    unreadableInputs: 1,
  };
}
