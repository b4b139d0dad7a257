/**
 * One diagnostic shape for every part of kpc: the loader, schema validation, the
 * frontend, the backends and the CLI. Tests assert `code` and positions, never prose.
 */

/** A position in a source file. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * The diagnostic codes of everything but the backends. A new code is added here first, then
 * documented in docs/diagnostics.md. Prefixes: LOAD (reading/parsing input), SCHEMA
 * (Kubernetes schema), RULE (rule definitions and the native engine), FE (TypeScript
 * frontend), IR (IR validation), EXC (exceptions), AUDIT (cluster dumps), CFG (config), CLI.
 * Each backend adds its own codes (KYV, GK, VAP) from its package: see `BackendDiagnosticCodes`.
 */
export const DIAGNOSTIC_CODES = [
  // loader
  'LOAD_READ_FAILED',
  'LOAD_NOT_FOUND',
  'LOAD_BINARY',
  'LOAD_INVALID_UTF8',
  'LOAD_TOO_LARGE',
  'LOAD_YAML_SYNTAX',
  'LOAD_YAML_TAB',
  'LOAD_DUPLICATE_KEY',
  'LOAD_ALIAS_LIMIT',
  'LOAD_TOO_DEEP',
  'LOAD_JSON_SYNTAX',
  'LOAD_NOT_AN_OBJECT',
  'LOAD_MISSING_API_VERSION',
  'LOAD_MISSING_KIND',
  'LOAD_TOO_MANY_DOCUMENTS',
  'LOAD_EMPTY',
  'LOAD_CONTROL_CHARACTER',
  'LOAD_UNSUPPORTED_VALUE',
  'LOAD_TEMPLATE',
  // schema
  'SCHEMA_TYPE',
  'SCHEMA_REQUIRED',
  'SCHEMA_UNKNOWN_FIELD',
  'SCHEMA_ENUM',
  'SCHEMA_FORMAT',
  'SCHEMA_INVALID',
  'SCHEMA_UNCHECKED_KIND',
  'SCHEMA_API_REMOVED',
  'SCHEMA_API_DEPRECATED',
  'SCHEMA_UNKNOWN_API_VERSION',
  'SCHEMA_UNKNOWN_KIND',
  // rules and native engine
  'RULE_INVALID_DEFINITION',
  'RULE_DUPLICATE_ID',
  'RULE_UNKNOWN',
  'RULE_CHECK_THREW',
  'RULE_NEEDS_OBJECT_SET',
  'RULE_UNDECLARED_READ',
  'RULE_EXAMPLE_MISMATCH',
  // frontend
  'FE_UNSUPPORTED_SYNTAX',
  'FE_UNSUPPORTED_CALL',
  'FE_UNSUPPORTED_TYPE',
  'FE_LOOSE_EQUALITY',
  'FE_MUTATION',
  'FE_LOOP',
  'FE_ASYNC',
  'FE_ANY_TYPE',
  'FE_NON_LITERAL_REGEX',
  'FE_UNSUPPORTED_REGEX',
  'FE_OBJECT_SPREAD',
  'FE_MUTABLE_CAPTURE',
  'FE_UNRESOLVED_NAME',
  'FE_NO_RULE',
  'FE_RULE_SHAPE',
  'FE_NULL_LITERAL',
  'FE_TYPE_ERROR',
  'FE_LOOKUP',
  'FE_UNDECLARED_READ',
  'FE_UNUSED_READ',
  // IR
  'IR_INVALID',
  'IR_VERSION',
  // exceptions (docs/exceptions.md)
  'EXC_INVALID',
  'EXC_INVALID_DATE',
  'EXC_UNKNOWN_RULE',
  'EXC_DUPLICATE_ID',
  'EXC_FILE_FAILED',
  'EXC_UNMATCHED',
  'EXC_EXPIRED',
  'EXC_NOT_COMPILED',
  'EXC_DROPPED',
  // audit (cluster dumps)
  'AUDIT_NOT_A_LIST',
  'AUDIT_TRUNCATED',
  'AUDIT_COMPARE_INPUT',
  // image verification (docs/image-verification.md): the signature is checked in the cluster only
  'IMGSIG_CLUSTER_ONLY',
  // config and CLI
  'CFG_LOAD_FAILED',
  'CFG_INVALID',
  'CFG_PSS_VERSION_NEWER',
  'CLI_USAGE',
  'CLI_STALE_OUTPUT',
  'CLI_NOT_ENFORCEABLE',
  'INTERNAL',
] as const;

/**
 * The codes backends add, one key per code, by declaration merging from their own package
 * (as `KindTypes` takes CRD kinds), so that @kpc/ir knows no backend:
 *
 *     export const GATEKEEPER_DIAGNOSTIC_CODES = ['GK_UNSUPPORTED', 'GK_SCHEMA'] as const;
 *     declare module '@kpc/ir' {
 *       interface BackendDiagnosticCodes
 *         extends Record<(typeof GATEKEEPER_DIAGNOSTIC_CODES)[number], true> {}
 *     }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging.
export interface BackendDiagnosticCodes {}

/** The closed set of diagnostic codes: kpc's own and those of the backends a program loads. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number] | keyof BackendDiagnosticCodes;

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** What went wrong, without the location (the reporter adds it). */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly ruleId?: string;
  readonly location?: SourceLocation;
  /** JSON Pointer (RFC 6901) into the manifest document, when the diagnostic is about one. */
  readonly pointer?: string;
}

/** Creates a frozen diagnostic. */
export function diagnostic(d: Diagnostic): Diagnostic {
  return Object.freeze({ ...d });
}
