/** The Gatekeeper backend as a `@kpc/compile` Backend: `compile(inputs, [gatekeeperBackend()])`. */
import type { Backend } from '@kpc/compile';
import {
  type CompileGatekeeperOptions,
  compileGatekeeper,
  GATEKEEPER,
  GATEKEEPER_STAGES,
} from './compile-gatekeeper.ts';

/** A Gatekeeper backend: ConstraintTemplate, Constraint and gator suite per rule. */
export function gatekeeperBackend(options: CompileGatekeeperOptions = {}): Backend {
  return Object.freeze({
    name: GATEKEEPER,
    stages: GATEKEEPER_STAGES,
    compile: (inputs: Parameters<Backend['compile']>[0]) => compileGatekeeper(inputs, options),
  });
}
