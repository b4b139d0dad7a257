/**
 * The entry of a `kpc lint` worker thread (lint-workers.ts): loads the project as the main
 * thread did, then lints each file it is sent and posts the result back with its index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadManifestFileParts, resolveLimits } from '@kpc/core/internal';
import { DiagnosticsError } from '../errors.ts';
import type { CliIO } from '../io.ts';
import { loadProject } from '../project.ts';
import { frameLines, lintLoadedFile, lintOptionsOf, loadCrds, readObjectSet } from './lint-file.ts';
import type { WorkerMessage, WorkerSetup } from './lint-workers.ts';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

// The main thread has said everything the project's loading says (warnings included).
const silent = { write() {} };
const io: CliIO = {
  cwd: setup.cwd,
  env: setup.env,
  stdout: silent,
  stderr: silent,
  readStdin: () => Promise.reject(new Error('a lint worker does not read stdin')),
  stdoutIsTTY: false,
  stderrIsTTY: false,
};

try {
  const project = await loadProject(io, setup.project);
  const crds = await loadCrds(io, project);
  const limits = resolveLimits();
  let options = lintOptionsOf(project, crds, setup.kubernetesVersion, setup.now);
  // Referential rules: the object set first, read from every input as one thread's first
  // pass reads it (same files, same order, same kinds), so each verdict is the same.
  if (setup.set !== undefined) {
    const { files, kinds } = setup.set;
    const parts = (async function* () {
      for (const file of files) yield* loadManifestFileParts(file, limits);
    })();
    options = { ...options, objects: await readObjectSet(parts, new Set(kinds)) };
  }
  port.on('message', async ({ index, file }: { index: number; file: string }) => {
    try {
      // A long stream is linted and posted chunk by chunk, as the main thread would.
      for await (const loaded of loadManifestFileParts(file, limits)) {
        const { part, ...rest } = lintLoadedFile(loaded, project, options, setup.keepLines);
        const { sourceLine: _, ...portable } = part;
        post({
          index,
          last: loaded.last,
          result: {
            ...rest,
            part: portable,
            ...(setup.keepLines ? { lines: frameLines(part) } : {}),
          },
        });
      }
    } catch (e) {
      post({ index, failed: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
} catch (e) {
  post({
    setupFailed: e instanceof Error ? e.message : String(e),
    ...(e instanceof DiagnosticsError ? { diagnostics: e.diagnostics } : {}),
  });
}
