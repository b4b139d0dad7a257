/**
 * Where `kpc lint` writes its report as it is produced: stdout, or the `--output` file
 * (opened before linting, so that a path that cannot be written fails before the work).
 * Small writes are gathered: into a 64 KiB buffer for a file, into chunks of about 64 Ki
 * characters for stdout.
 */
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { FileSink, type ReportSink } from '@kpc/core';
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
  if (output === undefined) return stdoutOutput(io);
  let fd: number;
  try {
    fd = openSync(resolve(io.cwd, output), 'w');
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${(error as Error).message}`);
  }
  const file = new FileSink(fd);
  const failed = (error: unknown) =>
    new UsageError(`cannot write ${output}: ${(error as Error).message}`);
  let closed = false;
  return {
    sink: {
      write(chunk) {
        try {
          file.write(chunk);
        } catch (error) {
          throw failed(error);
        }
      },
      writeBytes(bytes) {
        try {
          file.writeBytes(bytes);
        } catch (error) {
          throw failed(error);
        }
      },
    },
    close() {
      try {
        file.flush();
      } catch (error) {
        throw failed(error);
      }
      closed = true;
      closeSync(fd);
    },
    abandon() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

function stdoutOutput(io: CliIO): ReportOutput {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    io.stdout.write(text);
  };
  return {
    sink: {
      write(chunk) {
        pending.push(chunk);
        size += chunk.length;
        if (size >= CHUNK_CHARS) flush();
      },
    },
    close: flush,
    abandon() {},
  };
}
