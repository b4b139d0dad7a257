/**
 * Value checks shared by config validation and rule resolution: what a configured value
 * must be before kpc writes it into a policy. Each problem names the element (`[1]: must be
 * a string, got number`) so a long list is easy to fix.
 */
import { imagePatternProblem, loneSurrogateIndex } from '@kpc/ir';
import type { ParamSpec } from '../rule/define-rule.ts';

/** The JSON type of a value, as error messages name it. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v;
}

/** Problems of a list that must hold strings: `[i]: must be a string, got number`. */
export function stringListProblems(v: unknown): string[] {
  if (!Array.isArray(v)) return [`must be an array of strings, got ${typeName(v)}`];
  const out: string[] = [];
  v.forEach((s, i) => {
    if (typeof s !== 'string') out.push(`[${i}]: must be a string, got ${typeName(s)}`);
  });
  return out;
}

const DNS1123_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;

/**
 * Why `name` is not a Kubernetes namespace name (an RFC 1123 label: at most 63 lower-case
 * letters, digits and `-`, starting and ending with a letter or digit), or undefined.
 * Wildcards are refused: kpc matches excluded namespaces by exact name in lint, in both
 * Kyverno policy kinds and in Gatekeeper, whose wildcard rules all differ.
 */
export function namespaceNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty; a namespace name has 1 to 63 characters';
  if (/[*?]/.test(name))
    return `"${printable(name)}" has a wildcard; kpc excludes namespaces by exact name only`;
  if (name.length > 63) return `is ${name.length} characters long; the limit is 63`;
  if (!DNS1123_LABEL.test(name))
    return `"${printable(name)}" is not a namespace name (lower-case letters, digits and '-', starting and ending with a letter or digit)`;
  return undefined;
}

/** A value shown in a message, with characters that would garble it escaped. */
export function printable(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * Why `v` is not a value of the parameter's type, or undefined. Integers must be exact in
 * every backend (CEL and Rego integers, JSON numbers): safe integers only.
 */
export function paramValueProblem(spec: ParamSpec, v: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      return typeof v === 'string' ? undefined : `must be a string, got ${typeName(v)}`;
    case 'string[]':
      return stringListProblems(v)[0];
    case 'integer':
      if (typeof v !== 'number') return `must be an integer, got ${typeName(v)}`;
      if (!Number.isInteger(v)) return `must be an integer, got ${v}`;
      return Number.isSafeInteger(v)
        ? undefined
        : `${v} is outside the exact integer range (±${Number.MAX_SAFE_INTEGER})`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `must be a boolean, got ${typeName(v)}`;
  }
}

/**
 * Why an element of a well-typed value breaks the parameter's `format` (`[1]: "nginx" names
 * no registry`), with a hint, or undefined. Call after `paramValueProblem` found nothing.
 */
export function paramFormatProblem(
  spec: ParamSpec,
  v: unknown,
): { readonly message: string; readonly hint: string } | undefined {
  if (spec.type !== 'string[]' || spec.format !== 'image-pattern' || !Array.isArray(v))
    return undefined;
  for (const [i, p] of v.entries()) {
    const problem = typeof p === 'string' ? imagePatternProblem(p) : undefined;
    if (problem !== undefined)
      return { message: `[${i}]: image pattern ${problem.message}`, hint: problem.hint };
  }
  return undefined;
}

/** A string with a lone surrogate inside a config value. */
export interface LoneSurrogate {
  /** Path as `settings["rule"].params.prefix[0]`. */
  readonly path: string;
  /** The innermost object key on the way, to locate the value in the config text. */
  readonly key: string | undefined;
  /** The key before it, to narrow the search. */
  readonly parentKey: string | undefined;
}

/**
 * Every string (value or key) with a lone surrogate in a plain config value: such a string
 * cannot be written as UTF-8, so no YAML reader, CEL or Rego compiler can read it. Rule
 * objects (functions inside) are skipped; the frontend checks their literals.
 */
export function findLoneSurrogates(value: unknown, path = ''): LoneSurrogate[] {
  const out: LoneSurrogate[] = [];
  const walk = (v: unknown, p: string, key?: string, parentKey?: string, depth = 0): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (loneSurrogateIndex(v) >= 0) out.push({ path: p, key, parentKey });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${p}[${i}]`, key, parentKey, depth + 1);
      });
    } else if (v !== null && typeof v === 'object') {
      if (Object.values(v).some((x) => typeof x === 'function')) return;
      for (const [k, x] of Object.entries(v)) {
        const kp = /^[A-Za-z_$][\w$]*$/.test(k)
          ? p
            ? `${p}.${k}`
            : k
          : `${p}[${JSON.stringify(k)}]`;
        if (loneSurrogateIndex(k) >= 0) out.push({ path: `${kp} (the key)`, key, parentKey });
        walk(x, kp, k, key, depth + 1);
      }
    }
  };
  walk(value, path);
  return out;
}
