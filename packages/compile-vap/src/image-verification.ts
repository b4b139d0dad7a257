/**
 * The ValidatingAdmissionPolicy target and image verification declarations: a VAP runs CEL
 * on the admitted object only and cannot fetch or verify a signature, so every declaration
 * is refused with a located VAP_UNSUPPORTED error, never compiled to a weaker policy (the
 * digest or pattern part alone would admit unsigned images).
 */
import { type Diagnostic, diagnostic, type ImageVerification, type SourceLocation } from '@kpc/ir';

/** One located error per declaration (`locate(index)` gives its source location). */
export function vapImageVerificationRefusals(
  vs: readonly ImageVerification[],
  locate: (index: number) => SourceLocation | undefined = () => undefined,
): Diagnostic[] {
  return vs.map((v, i) => {
    const location = locate(i);
    return diagnostic({
      code: 'VAP_UNSUPPORTED',
      severity: 'error',
      message: `image verification ${v.name} cannot be compiled to ValidatingAdmissionPolicy: a VAP cannot verify image signatures`,
      hint: 'Compile image verifications to Kyverno (ImageValidatingPolicy) or Gatekeeper (Ratify), e.g. compile.targets: ["kyverno", "gatekeeper"], or --target kyverno.',
      ...(location ? { location } : {}),
    });
  });
}
