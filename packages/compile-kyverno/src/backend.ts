/** The Kyverno backend as a `@kpc/compile` Backend: `compile(inputs, [kyvernoBackend()])`. */
import type { Backend } from '@kpc/compile';
import { compileKyverno, type KyvernoOptions } from './compile-kyverno.ts';

/** A Kyverno backend emitting `options.kinds` (ClusterPolicy when omitted or empty). */
export function kyvernoBackend(options: Partial<KyvernoOptions> = {}): Backend {
  const resolved: KyvernoOptions = { kinds: options.kinds ?? ['ClusterPolicy'] };
  return Object.freeze({
    name: 'kyverno',
    compile: (inputs: Parameters<Backend['compile']>[0]) => compileKyverno(inputs, resolved),
  });
}
