/** The annotations every generated policy carries (kpc provenance and Kyverno's policy metadata). */
import { controlRef, type RuleIR, type RuleMetadata } from '@kpc/ir';

/** The subject annotation: `Pod` for pod-spec rules, else the target kinds. */
export function subject(ir: RuleIR): string {
  return ir.target.kind === 'podSpec'
    ? 'Pod'
    : [...new Set(ir.target.resources.map((r) => r.kind))].join(', ');
}

/** Policy annotations, in a fixed order. `extra` goes right after the kpc ones. */
export function policyAnnotations(
  meta: RuleMetadata,
  ir: RuleIR,
  minVersion: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = { 'kpc.dev/rule': meta.id };
  if (meta.controls.length > 0) out['kpc.dev/controls'] = meta.controls.map(controlRef).join(', ');
  Object.assign(out, extra);
  out['policies.kyverno.io/title'] = meta.title;
  out['policies.kyverno.io/category'] = meta.category;
  out['policies.kyverno.io/severity'] = meta.severity;
  out['policies.kyverno.io/subject'] = subject(ir);
  out['policies.kyverno.io/minversion'] = minVersion;
  out['policies.kyverno.io/description'] = meta.description;
  return out;
}
