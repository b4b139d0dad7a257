/**
 * Where `kpc lint` writes its report as it is produced: stdout, or the `--output` file
 * (opened before linting, so that a path that cannot be written fails before the work).
 * Small writes are gathered into chunks of about 64 KiB.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReportSink } from '@kpc/core';
import { UsageError } from './errors.ts';
import type { CliIO } from './io.ts';

const CHUNK_CHARS = 64 * 1024;

export interface ReportOutput {
  readonly sink: ReportSink;
  /** Writes what is buffered and closes the file; write errors are usage errors. */
  close(): void;
  /** Releases the file after a failure (nothing more is written); harmless after close. */
  abandon(): void;
}

/** Opens stdout (`output` undefined) or the file `output`, relative to the working directory. */
export function openReportOutput(io: CliIO, output: string | undefined): ReportOutput {
  let fd: number | undefined;
  if (output !== undefined) {
    try {
      fd = openSync(resolve(io.cwd, output), 'w');
    } catch (error) {
      throw new UsageError(`cannot write ${output}: ${(error as Error).message}`);
    }
  }
  const emit = (text: string) => {
    if (fd === undefined) {
      io.stdout.write(text);
      return;
    }
    try {
      writeSync(fd, text);
    } catch (error) {
      throw new UsageError(`cannot write ${output}: ${(error as Error).message}`);
    }
  };
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    emit(text);
  };
  let closed = false;
  return {
    sink: {
      write(chunk) {
        pending.push(chunk);
        size += chunk.length;
        if (size >= CHUNK_CHARS) flush();
      },
    },
    close() {
      flush();
      closed = true;
      if (fd !== undefined) closeSync(fd);
    },
    abandon() {
      if (closed) return;
      closed = true;
      if (fd !== undefined) closeSync(fd);
    },
  };
}
