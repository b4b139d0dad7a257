/**
 * Yields to the event loop before every test. Most property tests are synchronous, and vitest
 * awaits a synchronous test without a macrotask turn, so a file of them (the Kyverno exception
 * campaign runs 72 tests in about 75 s) never lets the worker read the main process's replies:
 * vitest then fails the run with `Timeout calling "onTaskUpdate"` although every test passed.
 */
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
