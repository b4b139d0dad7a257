/** The Kyverno backend as a `@kpc/compile` Backend: `compile(inputs, [kyvernoBackend()])`. */
import type { Backend } from '@kpc/compile';
import {
  compileKyverno,
  DEFAULT_KYVERNO_KINDS,
  KYVERNO,
  type KyvernoOptions,
} from './compile-kyverno.ts';

/** A Kyverno backend emitting `options.kinds` (ValidatingPolicy when omitted or empty). */
export function kyvernoBackend(options: Partial<KyvernoOptions> = {}): Backend {
  const resolved: KyvernoOptions = { kinds: options.kinds ?? DEFAULT_KYVERNO_KINDS };
  return Object.freeze({
    name: KYVERNO,
    compile: (inputs: Parameters<Backend['compile']>[0]) => compileKyverno(inputs, resolved),
  });
}
