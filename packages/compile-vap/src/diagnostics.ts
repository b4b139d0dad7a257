/**
 * The ValidatingAdmissionPolicy backend's diagnostic codes (docs/diagnostics.md). They join @kpc/ir's
 * `DiagnosticCode` by declaration merging, so that only programs that load this backend know them.
 */
export const VAP_DIAGNOSTIC_CODES = ['VAP_UNSUPPORTED', 'VAP_REFERENTIAL'] as const;

declare module '@kpc/ir' {
  interface BackendDiagnosticCodes extends Record<(typeof VAP_DIAGNOSTIC_CODES)[number], true> {}
}
