/**
 * Turns a config (plus command-line overrides) and the rule catalog into the list of rules
 * to run, each with its action, severity and parameter values. Pure; never throws.
 */

import type { RuleAction } from '@kpc/ir';
import { type Diagnostic, diagnostic, type SourceLocation } from '@kpc/ir';
import type { AnyRule, RuleSeverity } from '../rule/define-rule.ts';
import { closestName } from '../schema/edit-distance.ts';
import type { KpcConfig, ParamValue, RuleSettings } from './define-config.ts';
import {
  DEFAULT_PSS_VERSION,
  formatPssVersion,
  isPssVersionProblem,
  PSS_NEWEST_MINOR,
  PSS_VERSION_PARAM,
  parsePssVersion,
} from './pss-version.ts';
import { locateKey, locateString } from './source-locator.ts';
import { paramFormatProblem, paramValueProblem } from './validate-values.ts';

/** The catalog as the resolver needs it (`@kpc/rules` provides one). */
export interface RuleCatalog {
  readonly rules: readonly AnyRule[];
  /** Profile name → rule ids. */
  readonly profiles: Readonly<Record<string, readonly string[]>>;
}

/** One rule to run, with its configuration applied. */
export interface ResolvedRule {
  readonly rule: AnyRule;
  readonly action: RuleAction;
  readonly severity: RuleSeverity;
  /** Parameter values: the rule's defaults overridden by config. */
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** Selections given on the command line; they take precedence over the config. */
export interface RuleSelectionOverrides {
  /** Replaces the config's profile. */
  readonly profile?: string;
  /** Restricts the selection to exactly these ids (catalog or config rules). */
  readonly rules?: readonly string[];
  /** Replaces the config's `pss.version` (`--pss-version`). */
  readonly pssVersion?: string;
}

export interface RuleResolution {
  readonly rules: readonly ResolvedRule[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Where the config came from, to locate problems; omit for an in-memory config. */
export interface ConfigSource {
  readonly file: string;
  readonly source: string;
}

function settingsOf(s: RuleSettings | string | undefined): RuleSettings {
  if (s === undefined) return {};
  return typeof s === 'string' ? { action: s as RuleSettings['action'] } : s;
}

/**
 * Resolves the rules to run. Selection: the profile (or every catalog rule when the config
 * names neither a profile nor rules), plus the config's `rules`; `overrides.rules` then
 * restricts to exactly those ids; rules set to `off` are dropped. Output is sorted by id.
 */
export function resolveRules(
  config: KpcConfig,
  catalog: RuleCatalog,
  overrides: RuleSelectionOverrides = {},
  where?: ConfigSource,
): RuleResolution {
  const diagnostics: Diagnostic[] = [];
  const cfgLoc = (key: string, after?: string): SourceLocation | undefined =>
    where ? locateKey(where.file, where.source, key, after) : undefined;
  const strLoc = (value: string): SourceLocation | undefined =>
    where ? locateString(where.file, where.source, value) : undefined;
  const error = (
    code: Diagnostic['code'],
    message: string,
    hint: string,
    location?: SourceLocation,
    ruleId?: string,
  ) =>
    diagnostics.push(
      diagnostic({
        code,
        severity: 'error',
        message,
        hint,
        ...(location ? { location } : {}),
        ...(ruleId ? { ruleId } : {}),
      }),
    );

  const byId = new Map<string, AnyRule>();
  for (const r of catalog.rules) byId.set(r.id, r);
  for (const r of config.rules ?? []) {
    if (typeof r === 'string') continue;
    const existing = byId.get(r.id);
    if (existing !== undefined && existing !== r) {
      error(
        'RULE_DUPLICATE_ID',
        `rule id "${r.id}" is used by two different rules`,
        'Give your rule an id of its own; catalog ids are reserved.',
        strLoc(r.id) ?? cfgLoc('rules'),
        r.id,
      );
      continue;
    }
    byId.set(r.id, r);
  }
  const profileNames = Object.keys(catalog.profiles).sort();
  const selected = new Set<string>();
  const profile = overrides.profile ?? config.profile;
  if (profile !== undefined) {
    const ids = catalog.profiles[profile];
    if (ids === undefined) {
      error(
        'CFG_INVALID',
        `unknown profile "${profile}"`,
        `Known profiles: ${profileNames.join(', ') || '(none)'}.`,
        overrides.profile === undefined ? cfgLoc('profile') : undefined,
      );
    } else for (const id of ids) selected.add(id);
  }
  for (const r of config.rules ?? []) {
    const id = typeof r === 'string' ? r : r.id;
    if (!byId.has(id)) {
      error(
        'RULE_UNKNOWN',
        `unknown rule "${id}"`,
        didYouMean(id, byId.keys()) ??
          'Use a catalog rule id (`kpc explain --list`) or import your rule module.',
        strLoc(id) ?? cfgLoc('rules'),
        id,
      );
      continue;
    }
    selected.add(id);
  }
  if (profile === undefined && (config.rules ?? []).length === 0)
    for (const r of catalog.rules) selected.add(r.id);
  if (overrides.rules !== undefined) {
    selected.clear();
    for (const id of overrides.rules) {
      if (!byId.has(id))
        error(
          'RULE_UNKNOWN',
          `unknown rule "${id}"`,
          didYouMean(id, byId.keys()) ??
            'Use a catalog rule id (`kpc explain --list`) or a rule from your config.',
          undefined,
          id,
        );
      else selected.add(id);
    }
  }
  for (const id of Object.keys(config.settings ?? {})) {
    if (!byId.has(id))
      error(
        'RULE_UNKNOWN',
        `settings for unknown rule "${id}"`,
        didYouMean(id, byId.keys()) ??
          'Check the rule id; settings apply to catalog rules and rules listed in `rules`.',
        cfgLoc(id, 'settings'),
        id,
      );
  }

  // The PSS version: one for every rule that declares the parameter, like a namespace label.
  const pssText = overrides.pssVersion ?? config.pss?.version ?? DEFAULT_PSS_VERSION;
  const pss = parsePssVersion(pssText);
  let pssMinor = PSS_NEWEST_MINOR;
  if (isPssVersionProblem(pss))
    error(
      'CFG_INVALID',
      `${overrides.pssVersion !== undefined ? '--pss-version' : 'pss.version'}: ${pss.problem}`,
      pss.hint,
      overrides.pssVersion === undefined ? cfgLoc('version', 'pss') : undefined,
    );
  else {
    pssMinor = pss.minor;
    if (pss.newerThanKnown !== undefined)
      diagnostics.push(
        diagnostic({
          code: 'CFG_PSS_VERSION_NEWER',
          severity: 'warning',
          message: `Pod Security Standards version ${pssText} is newer than ${formatPssVersion(PSS_NEWEST_MINOR)}, the newest kpc knows: the PSS rules evaluate it as ${formatPssVersion(PSS_NEWEST_MINOR)}`,
          hint: 'Pod Security Admission does the same with a version newer than its newest checks; upgrade kpc for the checks of newer releases.',
          ...(overrides.pssVersion === undefined && cfgLoc('version', 'pss')
            ? { location: cfgLoc('version', 'pss')! }
            : {}),
        }),
      );
  }

  const out: ResolvedRule[] = [];
  for (const id of [...selected].sort()) {
    const rule = byId.get(id)!;
    const s = settingsOf(config.settings?.[id]);
    if (s.action === 'off') continue;
    const params: Record<string, ParamValue> = {};
    const specs = rule.params ?? {};
    for (const [name, spec] of Object.entries(specs)) params[name] = spec.default;
    if (specs[PSS_VERSION_PARAM]?.type === 'integer') params[PSS_VERSION_PARAM] = pssMinor;
    for (const [name, v] of Object.entries(s.params ?? {})) {
      const spec = specs[name];
      if (name === PSS_VERSION_PARAM && spec?.type === 'integer') {
        error(
          'CFG_INVALID',
          `settings["${id}"].params.${name}: the Pod Security Standards version is set for all PSS rules at once`,
          `Set pss: { version: '${formatPssVersion(typeof v === 'number' ? v : pssMinor)}' } in the config (or pass --pss-version), as a namespace pins one version for every check.`,
          cfgLoc(name, id),
          id,
        );
        continue;
      }
      if (spec === undefined) {
        error(
          'CFG_INVALID',
          `rule ${id} has no parameter "${name}"`,
          `Its parameters: ${Object.keys(specs).join(', ') || '(none)'}.`,
          cfgLoc(name, id),
          id,
        );
        continue;
      }
      const problem = paramValueProblem(spec, v);
      if (problem !== undefined) {
        const at = `settings["${id}"].params.${name}`;
        error(
          'CFG_INVALID',
          `${problem.startsWith('[') ? `${at}${problem}` : `${at}: ${problem}`} (parameter type ${spec.type})`,
          spec.description,
          cfgLoc(name, id),
          id,
        );
        continue;
      }
      const format = paramFormatProblem(spec, v);
      if (format !== undefined) {
        error(
          'CFG_INVALID',
          `settings["${id}"].params.${name}${format.message}`,
          format.hint,
          cfgLoc(name, id),
          id,
        );
        continue;
      }
      params[name] = v;
    }
    out.push(
      Object.freeze({
        rule,
        action: (s.action as RuleAction | undefined) ?? config.defaultAction ?? 'enforce',
        severity: s.severity ?? rule.severity,
        params: Object.freeze(params),
      }),
    );
  }
  return { rules: out, diagnostics };
}

/** `Did you mean "x"?` for a misspelled rule id, when one id is close. */
function didYouMean(id: string, ids: Iterable<string>): string | undefined {
  const near = closestName(id, ids);
  return near === undefined
    ? undefined
    : `Did you mean "${near}"? (\`kpc explain --list\` lists the ids)`;
}
