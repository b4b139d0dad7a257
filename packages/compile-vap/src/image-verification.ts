/**
 * The ValidatingAdmissionPolicy target and image verification declarations: a VAP runs CEL
 * on the admitted object only and cannot fetch or verify a signature, so every declaration
 * is refused with a located VAP_UNSUPPORTED error, never compiled to a weaker policy (the
 * digest or pattern part alone would admit unsigned images). A declaration whose `targets`
 * name the other backends is left out knowingly, with an info.
 */
import { type Diagnostic, diagnostic, type ImageVerification, type SourceLocation } from '@kpc/ir';

/** One located error per declaration (`locate(index)` gives its source location). */
export function vapImageVerificationRefusals(
  vs: readonly ImageVerification[],
  locate: (index: number) => SourceLocation | undefined = () => undefined,
): Diagnostic[] {
  return vs.map((v, i) => {
    const location = locate(i);
    // Declared for other backends only: said, not an error (the user chose it).
    if (v.targets !== undefined)
      return diagnostic({
        code: 'VAP_UNSUPPORTED',
        severity: 'info',
        message: `image verification ${v.name} is not in the ValidatingAdmissionPolicy output (its targets: ${v.targets.join(', ')}): only those backends verify its signatures`,
        ...(location ? { location } : {}),
      });
    return diagnostic({
      code: 'VAP_UNSUPPORTED',
      severity: 'error',
      message: `image verification ${v.name} cannot be compiled to ValidatingAdmissionPolicy: a VAP cannot verify image signatures`,
      hint: 'Name the backends that enforce it (targets: ["kyverno"] or ["kyverno", "gatekeeper"]) so that the VAP output knowingly leaves it out, or compile without --target vap.',
      ...(location ? { location } : {}),
    });
  });
}
