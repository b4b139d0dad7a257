/**
 * When `kpc lint` asks V8 to collect sooner (runLint's one-thread branch): the factor has no
 * observable value, so the decision is what is tested. Its effect on the peaks is measured
 * in docs/benchmarks.md ("Eleventh session").
 */
import { describe, expect, it } from 'vitest';
import { heapGrowingPercent } from './lint.ts';

describe('heapGrowingPercent', () => {
  it('collects sooner when streaming (no object set held) or for a garbage-heavy report', () => {
    const none: string[] = [];
    expect(heapGrowingPercent({ collectSooner: false, setHeld: false, execArgv: none })).toBe(35);
    expect(heapGrowingPercent({ collectSooner: true, setHeld: true, execArgv: none })).toBe(35);
    expect(heapGrowingPercent({ collectSooner: true, setHeld: false, execArgv: none })).toBe(35);
  });

  it("leaves V8's factor where the set is held for another report", () => {
    expect(
      heapGrowingPercent({ collectSooner: false, setHeld: true, execArgv: [] }),
    ).toBeUndefined();
  });

  it('never overrides a factor node was started with, in either spelling', () => {
    for (const flag of ['--heap-growing-percent=50', '--heap_growing_percent=10'])
      expect(
        heapGrowingPercent({ collectSooner: true, setHeld: false, execArgv: ['--x', flag] }),
      ).toBeUndefined();
    // A flag that only starts alike is not it.
    expect(
      heapGrowingPercent({
        collectSooner: false,
        setHeld: false,
        execArgv: ['--heap-growing-percentage=1'],
      }),
    ).toBe(35);
  });
});
