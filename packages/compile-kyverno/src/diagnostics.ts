/**
 * The Kyverno backend's diagnostic codes (docs/diagnostics.md). They join @kpc/ir's
 * `DiagnosticCode` by declaration merging, so that only programs that load this backend know them.
 */
export const KYVERNO_DIAGNOSTIC_CODES = ['KYV_UNSUPPORTED', 'KYV_SCHEMA'] as const;

declare module '@kpc/ir' {
  interface BackendDiagnosticCodes
    extends Record<(typeof KYVERNO_DIAGNOSTIC_CODES)[number], true> {}
}
