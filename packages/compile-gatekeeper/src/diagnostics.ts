/**
 * The Gatekeeper backend's diagnostic codes (docs/diagnostics.md). They join @kpc/ir's
 * `DiagnosticCode` by declaration merging, so that only programs that load this backend know them.
 */
export const GATEKEEPER_DIAGNOSTIC_CODES = ['GK_UNSUPPORTED', 'GK_SCHEMA'] as const;

declare module '@kpc/ir' {
  interface BackendDiagnosticCodes
    extends Record<(typeof GATEKEEPER_DIAGNOSTIC_CODES)[number], true> {}
}
