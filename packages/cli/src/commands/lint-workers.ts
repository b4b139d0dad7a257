/**
 * `kpc lint` on worker threads: the files of a large run are linted by a pool of workers
 * (each loads the project itself and runs `lintLoadedFile` on the files handed to it), and
 * the results come back in input order, so the report is byte-identical to one thread's.
 * See docs/cli/lint.md, "Parallel lint".
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '@kpc/ir';
import type { ProjectOptions } from '../project.ts';
import type { FileResult } from './lint-file.ts';

/** What a worker needs to lint as the main thread would: the same project and options. */
export interface WorkerSetup {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly project: ProjectOptions;
  readonly kubernetesVersion?: string;
  readonly now: number;
  readonly keepLines: boolean;
  /**
   * Referential rules: the worker first reads these files (every input of the run, in
   * order) and keeps the objects of these kinds as its object set, exactly as one thread's
   * first pass does, before it lints the files it is given.
   */
  readonly set?: { readonly files: readonly string[]; readonly kinds: readonly string[] };
}

/** A file's result as it crosses the thread boundary: its part without functions. */
export interface PortableFileResult extends Omit<FileResult, 'part'> {
  readonly part: Omit<FileResult['part'], 'sourceLine'>;
  /** Source lines of the part's code frames (see `frameLines`), when asked for. */
  readonly lines?: Record<string, Record<number, string>>;
}

/** Messages from a worker. */
export type WorkerMessage =
  | { readonly index: number; readonly last: boolean; readonly result: PortableFileResult }
  | { readonly index: number; readonly failed: string }
  | { readonly setupFailed: string; readonly diagnostics?: readonly Diagnostic[] };

/** One part of a file's results (`last`: the file's last part). */
export interface WorkerPart {
  readonly result: PortableFileResult;
  readonly last: boolean;
}

/** Files each worker is given ahead, so none waits for the main thread between files. */
const AHEAD = 2;

/** How a worker is started: the bundled entry, the compiled one, or the source through tsx. */
function workerEntry(): { url: URL | string; eval: boolean } {
  const here = import.meta.url;
  const bundled = new URL('../../bundle/lint-worker.js', here);
  if (here.endsWith('.ts')) {
    // From the TypeScript sources (tests, `tsx`): the bundle when it was built after the
    // last change to anything it is built from (a worker through tsx transpiles the whole
    // tree again, about a second per worker), else the sources through tsx.
    fresh ??= bundleIsFresh(fileURLToPath(bundled), fileURLToPath(new URL('../../../../', here)));
    if (fresh && !fromSources) return { url: bundled, eval: false };
    const source = new URL('./lint-worker.ts', here).href;
    return {
      url: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`,
      eval: true,
    };
  }
  // The published CLI: the bundle's own worker entry next to main.js (scripts/bundle-cli.mjs),
  // else the compiled module beside this one.
  if (existsSync(fileURLToPath(bundled))) return { url: bundled, eval: false };
  return { url: new URL('./lint-worker.js', here), eval: false };
}

/** {@link bundleIsFresh} of this checkout, asked once per process. */
let fresh: boolean | undefined;

/** Workers from the sources through tsx even when the bundle is fresh (tests of that path). */
let fromSources = false;

/**
 * Run from the TypeScript sources, start workers from them (through tsx) while `on`, even
 * when the built bundle is fresh: the path a stale bundle takes, which the test suite
 * (built first) would otherwise never run.
 */
export function startWorkersFromSources(on: boolean): void {
  fromSources = on;
}

/**
 * Whether `bundle` (rewritten by every `pnpm build`) is newer than everything under `root`
 * (the repository) it is built from: each package's `src/` (files and directories, so that a
 * rename or a deletion counts too) and `package.json`, the build scripts, the lockfile and
 * the tsconfigs. A bundle built before a change would lint with the old code. Strictly
 * newer: on a file system with coarse times, a change in the build's second is stale. Anything
 * it cannot read counts as stale.
 */
export function bundleIsFresh(bundle: string, root: string): boolean {
  const newest = (path: string): number => {
    const info = statSync(path);
    if (!info.isDirectory()) return info.mtimeMs;
    let time = info.mtimeMs;
    // Symbolic links are stat'ed, not followed into: no loops.
    for (const entry of readdirSync(path, { withFileTypes: true }))
      time = Math.max(
        time,
        entry.isDirectory()
          ? newest(join(path, entry.name))
          : statSync(join(path, entry.name)).mtimeMs,
      );
    return time;
  };
  try {
    const built = statSync(bundle).mtimeMs;
    const packages = join(root, 'packages');
    const inputs = [
      join(root, 'scripts'),
      join(root, 'pnpm-lock.yaml'),
      ...readdirSync(root)
        .filter((f) => /^tsconfig.*\.json$/.test(f))
        .map((f) => join(root, f)),
    ];
    for (const name of readdirSync(packages)) {
      const dir = join(packages, name);
      for (const f of readdirSync(dir))
        if (f === 'src' || f === 'package.json' || /^tsconfig.*\.json$/.test(f))
          inputs.push(join(dir, f));
    }
    return inputs.every((path) => newest(path) < built);
  } catch {
    return false;
  }
}

/**
 * Lints `files` on `count` worker threads and yields their results in the order of `files`
 * (a long stream in several parts, as they come). With `setup.set`, each worker judges its
 * files against the object set it reads first (referential rules). At most `count × AHEAD`
 * files' results wait for an earlier file. A worker that fails to start or throws ends the run with an error (the main thread has already loaded the same project, so
 * this is an internal error, never a silently skipped file). Workers are stopped when the
 * consumer stops early.
 */
export async function* lintInWorkers(
  files: readonly string[],
  count: number,
  setup: WorkerSetup,
): AsyncGenerator<WorkerPart, void, undefined> {
  const entry = workerEntry();
  /** Results per file index not yet yielded, and whether the file's last part is in. */
  const done = new Map<number, { parts: WorkerPart[]; finished: boolean }>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  let next = 0;
  const workers: Worker[] = [];
  const give = (w: Worker) => {
    if (next < files.length) {
      w.postMessage({ index: next, file: files[next] });
      next++;
    }
  };
  for (let i = 0; i < Math.min(count, files.length); i++) {
    const w = new Worker(entry.url, { eval: entry.eval, workerData: setup });
    w.on('message', (m: WorkerMessage) => {
      if ('setupFailed' in m) failure ??= new Error(`lint worker: ${m.setupFailed}`);
      else if ('failed' in m) failure ??= new Error(`lint worker, ${files[m.index]}: ${m.failed}`);
      else {
        const file = done.get(m.index) ?? { parts: [], finished: false };
        file.parts.push({ result: m.result, last: m.last });
        file.finished = m.last;
        done.set(m.index, file);
        if (m.last) give(w);
      }
      signal();
    });
    w.on('error', (e) => {
      failure ??= e instanceof Error ? e : new Error(String(e));
      signal();
    });
    // Workers run until they are stopped below: one that ends earlier (whatever its exit
    // code) would leave its files unlinted, so the run fails instead of waiting for them.
    w.on('exit', (code) => {
      failure ??= new Error(`a lint worker stopped early (exit code ${code})`);
      signal();
    });
    workers.push(w);
  }
  try {
    for (let round = 0; round < AHEAD; round++) for (const w of workers) give(w);
    for (let index = 0; index < files.length; index++) {
      for (;;) {
        const file = done.get(index);
        for (const part of file?.parts.splice(0) ?? []) yield part;
        if (file?.finished) break;
        if (failure) throw failure;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
      done.delete(index);
    }
  } finally {
    for (const w of workers) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }
}
