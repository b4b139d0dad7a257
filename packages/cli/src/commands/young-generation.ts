/**
 * The young generation of a streaming lint, held at 8 MB. V8 starts a process's new space
 * at 1 MB and doubles it (`--semi-space-growth-factor`, default 2) whenever enough objects
 * survive, up to 32 MB on this machine's heap size. A stream of documents keeps each chunk
 * alive for a while, so over a long run the new space ends at its maximum, and the process
 * peak with it: the 100,000-document stream peaked at 191 MiB against 165 MiB for 10,000
 * documents (JSON). node's `--max-semi-space-size=4` (8 MB in all) makes the two 147 and 140
 * MiB, but V8 reads that size only when the heap is set up; the growth factor it reads each
 * time it grows the new space. So a streaming run grows the new space to 8 MB at once (it
 * allocates small objects that survive the scavenges, checking the size after each batch,
 * about 5 ms) and then sets a factor of 1: it grows no more. Measured in
 * docs/benchmarks.md ("Thirteenth session (issue 13): the young generation and long streams").
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The new space (both semi-spaces) a streaming lint keeps: `--max-semi-space-size=4`. */
export const YOUNG_GENERATION_BYTES = 8 << 20;

/** V8's own growth factor (node --v8-options), set back when the run ends. */
const V8_GROWTH_FACTOR = 2;

/** What the cap reads and sets: V8 in a run, a fake in the tests. */
export interface NewSpace {
  /** The new space's size in bytes now (both semi-spaces). */
  size(): number;
  /** Sets `--semi-space-growth-factor`. */
  setGrowthFactor(factor: number): void;
  /** Allocates one batch of small objects into `keep`, which holds them until it is emptied. */
  allocate(keep: unknown[]): void;
}

/** Objects per batch: about 130 KB, far less than a semi-space, so one growth per check. */
const BATCH = 4096;
/** Batches before the cap gives up growing the new space at once (about 64 MB allocated). */
const MAX_BATCHES = 512;

const v8NewSpace: NewSpace = {
  size: () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0,
  setGrowthFactor: (factor) => setFlagsFromString(`--semi-space-growth-factor=${factor}`),
  allocate: (keep) => {
    for (let i = 0; i < BATCH; i++) keep.push([i]);
  },
};

/**
 * Whether a run may hold its young generation: never over a new space size or growth factor
 * node was started with (either spelling of each flag).
 */
export function mayCapYoungGeneration(execArgv: readonly string[]): boolean {
  return !execArgv.some((a) =>
    /^--(?:max[-_]semi[-_]space[-_]size|min[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor|max[-_]heap[-_]size)\b/.test(
      a,
    ),
  );
}

/** Holds the new space at {@link YOUNG_GENERATION_BYTES} from `start` until `stop`. */
export class YoungGenerationCap {
  private state: 'idle' | 'growing' | 'held' = 'idle';

  constructor(
    private readonly space: NewSpace = v8NewSpace,
    private readonly bytes: number = YOUNG_GENERATION_BYTES,
  ) {}

  /**
   * The run starts: the new space grows to the cap now, a doubling at a time as V8 grows it
   * (its size checked after each batch of survivors, so that it stops at the first size at or
   * above the cap), and is held there. Should V8 not grow it, each part checks again.
   */
  start(): void {
    this.space.setGrowthFactor(V8_GROWTH_FACTOR);
    const keep: unknown[] = [];
    for (let batch = 0; batch < MAX_BATCHES && this.space.size() < this.bytes; batch++)
      this.space.allocate(keep);
    keep.length = 0;
    this.state = 'growing';
    this.check();
  }

  /** Between two parts of the run: once the new space has reached the cap, it grows no more. */
  check(): void {
    if (this.state !== 'growing' || this.space.size() < this.bytes) return;
    this.space.setGrowthFactor(1);
    this.state = 'held';
  }

  /** The run ends: V8's own growth factor again. */
  stop(): void {
    if (this.state === 'idle') return;
    this.space.setGrowthFactor(V8_GROWTH_FACTOR);
    this.state = 'idle';
  }
}
