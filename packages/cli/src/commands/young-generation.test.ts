/**
 * The young generation a streaming lint holds (young-generation.ts): the decisions against a
 * fake new space, and the V8 behaviour it relies on (the growth factor read each time the
 * new space grows) against this process's own heap. Its effect on the peaks is measured in
 * docs/benchmarks.md ("Thirteenth session").
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  mayCapYoungGeneration,
  type NewSpace,
  YOUNG_GENERATION_BYTES,
  YoungGenerationCap,
} from './young-generation.ts';

const MB = 1 << 20;
const here = import.meta.dirname;

/** A new space that doubles (while its factor is 2) after every `every` batches. */
function fakeSpace(start: number, every: number, max = 32 * MB) {
  const factors: number[] = [];
  let size = start;
  let factor = 2;
  let batches = 0;
  const space: NewSpace = {
    size: () => size,
    setGrowthFactor: (f) => {
      factor = f;
      factors.push(f);
    },
    allocate: (keep) => {
      keep.push(batches);
      if (++batches % every === 0) size = Math.min(max, size * factor);
    },
  };
  return {
    space,
    factors,
    get size() {
      return size;
    },
    grow() {
      size = Math.min(max, size * factor);
    },
  };
}

describe('YoungGenerationCap', () => {
  it('grows the new space to the first size at or above the cap, then holds it', () => {
    for (const start of [1 * MB, 2 * MB, 4 * MB]) {
      const fake = fakeSpace(start, 3);
      const cap = new YoungGenerationCap(fake.space);
      cap.start();
      expect(fake.size).toBe(YOUNG_GENERATION_BYTES);
      expect(fake.factors).toEqual([2, 1]);
      // V8 grows it no more: the factor is 1.
      fake.grow();
      cap.check();
      expect(fake.size).toBe(YOUNG_GENERATION_BYTES);
      cap.stop();
      expect(fake.factors).toEqual([2, 1, 2]);
    }
  });

  it('holds a new space that is already at or above the cap where it is', () => {
    const fake = fakeSpace(16 * MB, 1);
    const cap = new YoungGenerationCap(fake.space);
    cap.start();
    expect(fake.size).toBe(16 * MB);
    expect(fake.factors).toEqual([2, 1]);
  });

  it('checks again between parts when V8 does not grow the new space at once', () => {
    const fake = fakeSpace(2 * MB, Number.POSITIVE_INFINITY);
    const cap = new YoungGenerationCap(fake.space);
    cap.start();
    expect(fake.factors).toEqual([2]);
    cap.check();
    expect(fake.factors).toEqual([2]);
    fake.grow();
    fake.grow();
    cap.check();
    expect(fake.factors).toEqual([2, 1]);
    cap.check();
    expect(fake.factors).toEqual([2, 1]);
    cap.stop();
    expect(fake.factors).toEqual([2, 1, 2]);
  });

  it('sets nothing back when it never started', () => {
    const fake = fakeSpace(1 * MB, 1);
    new YoungGenerationCap(fake.space).stop();
    expect(fake.factors).toEqual([]);
  });

  it("holds a fresh process's new space at the cap while it allocates (V8 reads the factor at each growth)", () => {
    // A fresh node, whose new space starts small (this test's own has grown already), runs
    // chunks that live a while, as a stream's parts do; without the cap they grow the new
    // space to V8's maximum (32 MB here), which the control run shows.
    const run = (withCap: boolean) => {
      const script = `
        import { getHeapSpaceStatistics } from 'node:v8';
        import { YoungGenerationCap } from ${JSON.stringify(join(here, 'young-generation.ts'))};
        const size = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
        const cap = new YoungGenerationCap();
        if (${withCap}) cap.start();
        const held = size();
        let chunk = [];
        for (let i = 0; i < 1000000; i++) {
          chunk.push({ i, s: 'document ' + i });
          if (chunk.length === 50000) chunk = [];
        }
        console.log(JSON.stringify({ held, end: size() }));`;
      const r = spawnSync(
        process.execPath,
        ['--conditions=@kpc/source', '--import', 'tsx', '--input-type=module', '-e', script],
        { encoding: 'utf8', cwd: here },
      );
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { held: number; end: number };
    };
    const capped = run(true);
    expect(capped.held).toBe(YOUNG_GENERATION_BYTES);
    expect(capped.end).toBe(YOUNG_GENERATION_BYTES);
    const control = run(false);
    expect(control.end).toBeGreaterThan(YOUNG_GENERATION_BYTES);
  });
});

describe('mayCapYoungGeneration', () => {
  it('never overrides a young generation size or growth factor node was started with', () => {
    expect(mayCapYoungGeneration([])).toBe(true);
    expect(mayCapYoungGeneration(['--max-old-space-size=4096', '--heap-growing-percent=5'])).toBe(
      true,
    );
    for (const flag of [
      '--max-semi-space-size=16',
      '--max_semi_space_size=16',
      '--min-semi-space-size=2',
      '--semi-space-growth-factor=4',
      '--max-heap-size=512',
    ])
      expect([flag, mayCapYoungGeneration(['--x', flag])]).toEqual([flag, false]);
  });
});
