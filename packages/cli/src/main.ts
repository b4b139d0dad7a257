/**
 * The process boundary: builds the CLI's I/O from `process`, runs, sets process.exitCode.
 * The only module that touches `process`.
 */
import { run } from './run.ts';

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// EPIPE (e.g. `kpc lint … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: { write: (s) => void process.stdout.write(s) },
  stderr: { write: (s) => void process.stderr.write(s) },
  readStdin,
  stdinChunks: () => process.stdin,
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
});
