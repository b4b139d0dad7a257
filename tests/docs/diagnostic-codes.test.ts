/**
 * docs/diagnostics.md names every diagnostic code a user can see: kpc's own (`DIAGNOSTIC_CODES`
 * in @kpc/ir) and the codes each backend adds by declaration merging.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import { GATEKEEPER_DIAGNOSTIC_CODES } from '../../packages/compile-gatekeeper/src/index.ts';
import { KYVERNO_DIAGNOSTIC_CODES } from '../../packages/compile-kyverno/src/index.ts';
import { VAP_DIAGNOSTIC_CODES } from '../../packages/compile-vap/src/index.ts';

const docs = readFileSync(
  fileURLToPath(new URL('../../docs/diagnostics.md', import.meta.url)),
  'utf8',
);
const documented = new Set([...docs.matchAll(/`([A-Z]+_[A-Z0-9_]+|INTERNAL)`/g)].map((m) => m[1]));

// With the backends loaded, their codes are DiagnosticCodes (a type error here if the merge broke).
const backendCodes: readonly DiagnosticCode[] = [
  ...KYVERNO_DIAGNOSTIC_CODES,
  ...GATEKEEPER_DIAGNOSTIC_CODES,
  ...VAP_DIAGNOSTIC_CODES,
];

describe('diagnostic codes', () => {
  it('every code is documented in docs/diagnostics.md', () => {
    const missing = [...DIAGNOSTIC_CODES, ...backendCodes].filter((c) => !documented.has(c));
    expect(missing).toEqual([]);
  });

  it('backend codes live in their backend, not in @kpc/ir', () => {
    const own = new Set<string>(DIAGNOSTIC_CODES);
    expect(backendCodes.filter((c) => own.has(c))).toEqual([]);
    expect(backendCodes.map((c) => c.split('_')[0])).toEqual([
      'KYV',
      'KYV',
      'GK',
      'GK',
      'VAP',
      'VAP',
    ]);
  });
});
