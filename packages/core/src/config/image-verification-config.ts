/**
 * Config check of `imageVerification` (docs/image-verification.md): the shape checks of
 * @kpc/ir as located CFG_INVALID errors with hints, and, for public keys, that Node's
 * crypto parses the PEM (a key Cosign could not load is refused here, not in the cluster).
 */
import { createPublicKey } from 'node:crypto';
import {
  type Diagnostic,
  diagnostic,
  type ImageVerification,
  imageVerificationProblems,
  type SourceLocation,
} from '@kpc/ir';
import { locateKey, locateString } from './source-locator.ts';

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Where declaration `index` of `value` is written: its `name` string literal when the
 * source spells it out, else the `imageVerification` key.
 */
export function imageVerificationLocation(
  value: unknown,
  index: number,
  file: string,
  source: string,
): SourceLocation {
  const d = Array.isArray(value) ? value[index] : undefined;
  if (isMap(d) && typeof d.name === 'string' && d.name !== '') {
    const at = locateString(file, source, d.name);
    if (at.line > 1 || at.column > 1) return at;
  }
  return locateKey(file, source, 'imageVerification');
}

/** Every problem of the config value `imageVerification`, located in `source`. */
export function imageVerificationConfigProblems(
  value: unknown,
  file: string,
  source: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of imageVerificationProblems(value)) {
    const byValue =
      p.value !== undefined && p.value !== '' ? locateString(file, source, p.value) : undefined;
    const location =
      byValue !== undefined && (byValue.line > 1 || byValue.column > 1)
        ? byValue
        : p.index >= 0
          ? imageVerificationLocation(value, p.index, file, source)
          : locateKey(file, source, 'imageVerification');
    out.push(
      diagnostic({
        code: 'CFG_INVALID',
        severity: 'error',
        message: p.message,
        hint: p.hint,
        location,
      }),
    );
  }
  if (out.length > 0 || !Array.isArray(value)) return out;
  (value as ImageVerification[]).forEach((d, index) => {
    d.attestors.forEach((a, i) => {
      if (!('key' in a)) return;
      try {
        createPublicKey(a.key);
      } catch (e) {
        out.push(
          diagnostic({
            code: 'CFG_INVALID',
            severity: 'error',
            message: `imageVerification[${index}]: attestors[${i}].key is not a public key Node's crypto can read (${(e as Error).message})`,
            hint: 'Paste the content of cosign.pub unchanged (cosign generate-key-pair writes it).',
            location: imageVerificationLocation(value, index, file, source),
          }),
        );
      }
    });
  });
  return out;
}
