/**
 * The run-time side of `ValidatedRuleIR`: TypeScript callers cannot hand a backend IR that
 * `validateRuleIR` did not accept, but JavaScript callers can. Every backend starts here, so a
 * tree it has not seen validated is validated once (IR_INVALID, IR_VERSION) and refused when
 * it is not valid; IR that came from `validateRuleIR` passes without a second walk.
 */
import {
  type Diagnostic,
  isValidatedRuleIR,
  type RuleIR,
  type ValidateRuleIRResult,
  validateRuleIR,
} from '@kpc/ir';
import type { CompileRuleInput } from './backend.ts';

/** `ir` itself when `validateRuleIR` returned it, else the result of validating it now. */
export function checkedRuleIR(ir: RuleIR): ValidateRuleIRResult {
  return isValidatedRuleIR(ir) ? { ir, diagnostics: [] } : validateRuleIR(ir);
}

export function validatedInputs(inputs: readonly CompileRuleInput[]): {
  readonly inputs: readonly CompileRuleInput[];
  readonly diagnostics: readonly Diagnostic[];
} {
  const out: CompileRuleInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const checked = checkedRuleIR(input.ir);
    if (checked.ir === undefined) diagnostics.push(...checked.diagnostics);
    else out.push(checked.ir === input.ir ? input : { ...input, ir: checked.ir });
  }
  return { inputs: out, diagnostics };
}
