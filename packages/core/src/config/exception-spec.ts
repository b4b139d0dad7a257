/**
 * The exception model (docs/exceptions.md): one recorded exemption from one or more rules,
 * for the objects its selectors match, with a reason, an owner and an expiry. The same
 * value drives `kpc lint`, `kpc audit` and the exception objects the backends compile.
 */
import type { SourceLocation } from '@kpc/ir';

export { globMatch } from '@kpc/ir';

/** One object selector: every field given must match (kind and namespace exactly, name as a glob). */
export interface ExceptionResource {
  readonly kind?: string;
  readonly namespace?: string;
  /** A glob: `*` matches any run of characters (also none), `?` exactly one. */
  readonly name?: string;
}

/** An exception as written in `kpc.config.ts` or an exception file. */
export interface PolicyExceptionSpec {
  /** Unique, stable; becomes part of the generated exception objects' names. */
  readonly id: string;
  /** The rule ids exempted. */
  readonly rules: readonly string[];
  /** Objects exempted: any entry matches. */
  readonly resources?: readonly ExceptionResource[];
  /** Namespaces (globs) exempted: any entry matches; cluster-scoped objects never match. */
  readonly namespaces?: readonly string[];
  /** Label selector (matchLabels): every label must be on the object with exactly this value. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Image globs. A finding about a container is exempted only when that container's image
   * matches one; findings that are not about a container are not exempted.
   */
  readonly images?: readonly string[];
  /** Why the exemption is acceptable (required). */
  readonly reason: string;
  /** Who approved it and answers for it (required). */
  readonly owner: string;
  /** `YYYY-MM-DD` (the exception stops applying at 00:00 UTC that day) or `never`. */
  readonly expires: string;
}

/** An exception after validation, with where it was written. */
export interface ResolvedException extends PolicyExceptionSpec {
  /** Where the exception is written (its `id`), for diagnostics. */
  readonly location: SourceLocation;
  /** First instant (ms since epoch) at which the exception no longer applies; absent for `never`. */
  readonly expiresAt?: number;
}

/** What a finding carries about the exception that exempted it (or that expired). */
export interface ExceptionRef {
  readonly id: string;
  readonly owner: string;
  readonly reason: string;
  readonly expires: string;
}

/** The reference a finding carries. */
export function exceptionRef(e: PolicyExceptionSpec): ExceptionRef {
  return { id: e.id, owner: e.owner, reason: e.reason, expires: e.expires };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses `YYYY-MM-DD` as a calendar date: 00:00 UTC of that day in ms, or undefined when
 * the text is not such a date (`2027-02-30`, `2027-2-3`, `31.03.2027`).
 */
export function parseExpiryDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  // Date.UTC rolls 2027-02-30 over to March 2: a date that does not round-trip is not one.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return t;
}

/** True when the exception applies at `now` (ms): `never`, or before its expiry date. */
export function isActive(e: Pick<ResolvedException, 'expiresAt'>, now: number): boolean {
  return e.expiresAt === undefined || now < e.expiresAt;
}

/** True when the pattern has no glob characters (an exact name). */
export function isExactPattern(pattern: string): boolean {
  return !pattern.includes('*') && !pattern.includes('?');
}
