/** The VAP backend as a `@kpc/compile` Backend: `compile(inputs, [vapBackend()])`. */
import type { Backend } from '@kpc/compile';
import { compileVap, VAP } from './compile-vap.ts';

/** A Kubernetes ValidatingAdmissionPolicy backend: policy + binding per rule. */
export function vapBackend(): Backend {
  return Object.freeze({
    name: VAP,
    compile: (inputs: Parameters<Backend['compile']>[0]) => compileVap(inputs),
  });
}
