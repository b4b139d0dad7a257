/**
 * Validates exception entries (from `kpc.config.ts` or an exception file) into
 * `ResolvedException`s. Every problem is a located EXC_* diagnostic with a hint; invalid
 * entries are dropped (so their findings keep failing: fail closed), valid ones are kept.
 * Pure; never throws.
 */
import { type Diagnostic, diagnostic, type SourceLocation } from '@kpc/ir';
import { closestName } from '../schema/edit-distance.ts';
import { parseExpiryDate, type ResolvedException } from './exception-spec.ts';

/** Locates entry `index` of a list of exceptions, or one of its keys (and optionally an item of it). */
export interface ExceptionLocator {
  at(index: number, key?: string, item?: number): SourceLocation;
}

/** What the validator checks rule ids against, and the ids already taken (other sources). */
export interface ExceptionContext {
  /** Every rule id the config knows (catalog and the config's own rules). */
  readonly knownRuleIds: ReadonlySet<string>;
  /** Exception id → where it was first defined; updated with the ids this call accepts. */
  readonly seen: Map<string, SourceLocation>;
}

const KEYS = [
  'id',
  'rules',
  'resources',
  'namespaces',
  'labels',
  'images',
  'reason',
  'owner',
  'expires',
] as const;
const RESOURCE_KEYS = ['kind', 'namespace', 'name'] as const;
/** A DNS-1123 label: the id becomes part of Kubernetes object names. */
const ID = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Date) return 'a date object';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? `"${v}"` : typeof v;
}

function where(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** Validates `list` (the value of an `exceptions` key). */
export function validateExceptions(
  list: unknown,
  locator: ExceptionLocator,
  context: ExceptionContext,
): { exceptions: ResolvedException[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const exceptions: ResolvedException[] = [];
  if (!Array.isArray(list)) {
    diagnostics.push(
      diagnostic({
        code: 'EXC_INVALID',
        severity: 'error',
        message: `exceptions must be a list, got ${describe(list)}`,
        hint: 'Write `exceptions: [{ id, rules, resources, reason, owner, expires }, ...]`.',
        location: locator.at(-1),
      }),
    );
    return { exceptions, diagnostics };
  }
  list.forEach((entry, index) => {
    const before = diagnostics.length;
    const fail = (
      code: Diagnostic['code'],
      message: string,
      hint: string,
      key?: string,
      item?: number,
    ) =>
      diagnostics.push(
        diagnostic({
          code,
          severity: 'error',
          message,
          hint,
          location: locator.at(index, key, item),
        }),
      );
    if (!isMap(entry)) {
      fail('EXC_INVALID', `exceptions[${index}] must be an object, got ${describe(entry)}`, '');
      return;
    }
    const label = typeof entry.id === 'string' ? `exception "${entry.id}"` : `exceptions[${index}]`;
    for (const key of Object.keys(entry))
      if (!(KEYS as readonly string[]).includes(key))
        fail(
          'EXC_INVALID',
          `${label}: unknown key "${key}"`,
          closestName(key, KEYS)
            ? `Did you mean "${closestName(key, KEYS)}"? Known keys: ${KEYS.join(', ')}.`
            : `Known keys: ${KEYS.join(', ')}.`,
          key,
        );
    const { id } = entry;
    if (typeof id !== 'string' || !ID.test(id) || id.length > 63) {
      fail(
        'EXC_INVALID',
        typeof id === 'string'
          ? `${label}: id must be lowercase letters, digits and '-' (at most 63, starting and ending with a letter or digit)`
          : `${label}: missing id`,
        'Give every exception a unique, stable id such as `legacy-agent-privileged`: it names the generated exception objects.',
        typeof id === 'string' ? 'id' : undefined,
      );
    } else {
      const first = context.seen.get(id);
      if (first !== undefined)
        fail(
          'EXC_DUPLICATE_ID',
          `exception id "${id}" is defined twice (first at ${where(first)})`,
          'Exception ids must be unique: rename one, or merge the two exceptions.',
          'id',
        );
    }
    // rules
    const rules = entry.rules;
    if (!Array.isArray(rules) || rules.length === 0 || !rules.every((r) => typeof r === 'string'))
      fail(
        'EXC_INVALID',
        rules === undefined
          ? `${label}: missing rules`
          : `${label}: rules must be a non-empty list of rule ids, got ${describe(rules)}`,
        'Name the rules this exception exempts, e.g. `rules: [pss-privileged]`.',
        rules === undefined ? undefined : 'rules',
      );
    else
      rules.forEach((r: string, i) => {
        if (context.knownRuleIds.has(r)) return;
        const near = closestName(r, context.knownRuleIds);
        fail(
          'EXC_UNKNOWN_RULE',
          `${label}: unknown rule "${r}"`,
          near !== undefined
            ? `Did you mean "${near}"? (\`kpc explain --list\` lists the ids)`
            : 'Use a catalog rule id (`kpc explain --list`) or the id of one of your rules.',
          'rules',
          i,
        );
      });
    // selectors
    let selectors = 0;
    const nonEmptyStrings = (key: 'namespaces' | 'images') => {
      const v = entry[key];
      if (v === undefined) return;
      selectors++;
      if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s !== ''))
        fail(
          'EXC_INVALID',
          `${label}: ${key} must be a non-empty list of non-empty strings (globs), got ${describe(v)}`,
          '`*` matches any run of characters, `?` one character.',
          key,
        );
    };
    nonEmptyStrings('namespaces');
    nonEmptyStrings('images');
    if (entry.resources !== undefined) {
      selectors++;
      const res = entry.resources;
      if (!Array.isArray(res) || res.length === 0)
        fail(
          'EXC_INVALID',
          `${label}: resources must be a non-empty list, got ${describe(res)}`,
          'Each entry selects objects by kind, namespace and name (a glob).',
          'resources',
        );
      else
        res.forEach((r: unknown, i) => {
          if (!isMap(r) || Object.keys(r).length === 0) {
            fail(
              'EXC_INVALID',
              `${label}: resources[${i}] must be an object with kind, namespace and/or name`,
              'An empty selector would match every object; use at least one field.',
              'resources',
              i,
            );
            return;
          }
          for (const [k, v] of Object.entries(r)) {
            if (!(RESOURCE_KEYS as readonly string[]).includes(k))
              fail(
                'EXC_INVALID',
                `${label}: resources[${i}]: unknown key "${k}"`,
                `Known keys: ${RESOURCE_KEYS.join(', ')}.`,
                'resources',
                i,
              );
            else if (typeof v !== 'string' || v === '')
              fail(
                'EXC_INVALID',
                `${label}: resources[${i}].${k} must be a non-empty string, got ${describe(v)}`,
                '',
                'resources',
                i,
              );
          }
        });
    }
    if (entry.labels !== undefined) {
      selectors++;
      const l = entry.labels;
      if (
        !isMap(l) ||
        Object.keys(l).length === 0 ||
        !Object.entries(l).every(([k, v]) => k !== '' && typeof v === 'string')
      )
        fail(
          'EXC_INVALID',
          `${label}: labels must be a non-empty map of label names to values (strings), got ${describe(l)}`,
          'Quote values YAML would read as numbers or booleans: `tier: "1"`.',
          'labels',
        );
    }
    if (selectors === 0)
      fail(
        'EXC_INVALID',
        `${label}: selects no objects (no resources, namespaces, labels or images)`,
        'Say which objects are exempted; to switch a rule off everywhere, use `settings: { <rule>: "off" }`.',
      );
    // the record: reason, owner, expiry
    for (const key of ['reason', 'owner'] as const) {
      const v = entry[key];
      if (typeof v !== 'string' || v.trim() === '')
        fail(
          'EXC_INVALID',
          v === undefined
            ? `${label}: missing ${key}`
            : `${label}: ${key} must be a non-empty string`,
          key === 'reason'
            ? 'Every exception records why it is acceptable, e.g. `reason: "Vendor agent needs host access; replacement tracked in SEC-142"`.'
            : 'Every exception records who approved it and answers for it, e.g. `owner: team-observability`.',
          v === undefined ? undefined : key,
        );
    }
    const expires = entry.expires;
    let expiresAt: number | undefined;
    if (expires === undefined)
      fail(
        'EXC_INVALID',
        `${label}: missing expires`,
        'Every exception has an end date `expires: YYYY-MM-DD`, or `expires: never` together with its reason.',
      );
    else if (typeof expires !== 'string')
      fail(
        'EXC_INVALID_DATE',
        `${label}: expires must be a string "YYYY-MM-DD" or "never", got ${describe(expires)}`,
        'Quote the date in YAML, `expires: "2027-03-31"`, or write it as a string in TypeScript.',
        'expires',
      );
    else if (expires !== 'never') {
      expiresAt = parseExpiryDate(expires);
      if (expiresAt === undefined)
        fail(
          'EXC_INVALID_DATE',
          `${label}: "${expires}" is not a calendar date`,
          /^\d{4}-\d{2}-\d{2}$/.test(expires)
            ? 'That day does not exist; write a real date as YYYY-MM-DD.'
            : 'Write the date as YYYY-MM-DD (ISO 8601), e.g. 2027-03-31, or `never`.',
          'expires',
        );
    }
    if (diagnostics.length > before) return;
    const location = locator.at(index, 'id');
    context.seen.set(id as string, location);
    const spec = entry as unknown as ResolvedException;
    exceptions.push(
      Object.freeze({
        id: spec.id,
        rules: Object.freeze([...spec.rules]),
        ...(spec.resources
          ? { resources: Object.freeze(spec.resources.map((r) => Object.freeze({ ...r }))) }
          : {}),
        ...(spec.namespaces ? { namespaces: Object.freeze([...spec.namespaces]) } : {}),
        ...(spec.labels ? { labels: Object.freeze({ ...spec.labels }) } : {}),
        ...(spec.images ? { images: Object.freeze([...spec.images]) } : {}),
        reason: spec.reason,
        owner: spec.owner,
        expires: spec.expires,
        location,
        ...(expiresAt !== undefined ? { expiresAt } : {}),
      }),
    );
  });
  return { exceptions, diagnostics };
}
