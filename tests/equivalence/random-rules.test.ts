/**
 * Random rules within the subset: the rule's printed TypeScript, run natively, gives the
 * same verdicts as the IR interpreter on random workloads. This checks the interpreter
 * (and the printer) against JavaScript itself; the frontend round trip is in
 * round-trip.test.ts.
 */
import { describe, it } from 'vitest';
import { checkPrintedRulesAgree, TIMEOUT } from './random-rule-support.ts';

describe('random rules: transpiled function == IR interpreter', () => {
  it(
    'agree on random workloads',
    () => checkPrintedRulesAgree({ rules: 40, seed: 20261123, lower: (_sources, irs) => irs }),
    TIMEOUT,
  );
});
