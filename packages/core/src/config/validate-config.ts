/**
 * Checks a loaded config value against the `KpcConfig` shape. Every problem is a CFG_INVALID
 * diagnostic located in the config file; unknown keys are errors too, so that a typo in the
 * config (`severityTreshold`) is never silently ignored.
 */
import { type Diagnostic, diagnostic, podTemplateProblems } from '@kpc/ir';
import { isRule } from '../rule/define-rule.ts';
import { parseKubernetesVersion } from '../schema/check-api-version.ts';
import type { KpcConfig } from './define-config.ts';
import { imageVerificationConfigProblems } from './image-verification-config.ts';
import { isPssVersionProblem, parsePssVersion } from './pss-version.ts';
import { locateKey, locateString } from './source-locator.ts';
import { findLoneSurrogates, namespaceNameProblem, stringListProblems } from './validate-values.ts';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const ACTIONS = ['enforce', 'audit', 'warn'] as const;
export const KYVERNO_KINDS = ['ClusterPolicy', 'ValidatingPolicy'] as const;
export const COMPILE_TARGETS = ['kyverno', 'gatekeeper', 'vap'] as const;

const TOP_KEYS = [
  'profile',
  'rules',
  'settings',
  'severityThreshold',
  'defaultAction',
  'excludedNamespaces',
  'exceptions',
  'exceptionFiles',
  'manifests',
  'crds',
  'podTemplates',
  'kubernetesVersion',
  'imageVerification',
  'pss',
  'compile',
  'kyverno',
] as const;
const SETTING_KEYS = ['action', 'severity', 'params'];

export interface ConfigValidation {
  /** The config, when it has no errors. */
  readonly config?: KpcConfig;
  readonly diagnostics: readonly Diagnostic[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `"${v}"` : typeof v;
}

/**
 * Validates `value` (the config module's default export). `file` and `source` locate
 * problems; `source` may be empty (then locations point at line 1).
 */
export function validateConfig(value: unknown, file: string, source = ''): ConfigValidation {
  const diagnostics: Diagnostic[] = [];
  const fail = (key: string, message: string, hint?: string, after?: string) =>
    diagnostics.push(
      diagnostic({
        code: 'CFG_INVALID',
        severity: 'error',
        message,
        ...(hint ? { hint } : {}),
        location: locateKey(file, source, key, after),
      }),
    );
  const oneOf = (key: string, v: unknown, allowed: readonly string[], after?: string) => {
    if (typeof v !== 'string' || !allowed.includes(v))
      fail(
        key,
        `${key} must be one of ${allowed.join(', ')}, got ${describe(v)}`,
        undefined,
        after,
      );
  };
  const stringList = (key: string, v: unknown, after?: string): v is string[] => {
    const problems = stringListProblems(v);
    for (const p of problems)
      fail(key, p.startsWith('[') ? `${key}${p}` : `${key} ${p}`, undefined, after);
    return problems.length === 0;
  };

  if (!isMap(value)) {
    diagnostics.push(
      diagnostic({
        code: 'CFG_INVALID',
        severity: 'error',
        message: `the config file must export a config object as default, got ${describe(value)}`,
        hint: "Write `export default defineConfig({ ... })` with defineConfig from '@kpc/core'.",
        location: { file, line: 1, column: 1 },
      }),
    );
    return { diagnostics };
  }
  for (const key of Object.keys(value)) {
    if (!(TOP_KEYS as readonly string[]).includes(key))
      fail(key, `unknown config key "${key}"`, `Known keys: ${TOP_KEYS.join(', ')}.`);
  }
  if (value.profile !== undefined && typeof value.profile !== 'string')
    fail('profile', `profile must be a string, got ${describe(value.profile)}`);
  if (value.rules !== undefined) {
    if (!Array.isArray(value.rules)) {
      fail('rules', `rules must be an array, got ${describe(value.rules)}`);
    } else {
      value.rules.forEach((r, i) => {
        if (typeof r === 'string') return;
        if (isRule(r)) {
          // tsx runs rule files without type checking: a shape TypeScript would reject
          // must not reach lint or test as a crash.
          for (const problem of ruleShapeProblems(r))
            fail(
              'rules',
              `rule "${r.id}": ${problem}`,
              'Run `npx tsc --noEmit` on the rule file: TypeScript reports this too.',
            );
          return;
        }
        fail(
          'rules',
          `rules[${i}] must be a catalog rule id or a rule made with defineRule, got ${describe(r)}`,
          'Import the rule module (its default export) or write the catalog id as a string.',
        );
      });
    }
  }
  if (value.settings !== undefined) {
    if (!isMap(value.settings)) {
      fail(
        'settings',
        `settings must be an object keyed by rule id, got ${describe(value.settings)}`,
      );
    } else {
      for (const [id, s] of Object.entries(value.settings)) {
        if (typeof s === 'string') {
          oneOf(id, s, [...ACTIONS, 'off'], 'settings');
          continue;
        }
        if (!isMap(s)) {
          fail(
            id,
            `settings["${id}"] must be an action or an object, got ${describe(s)}`,
            undefined,
            'settings',
          );
          continue;
        }
        for (const k of Object.keys(s)) {
          if (!SETTING_KEYS.includes(k))
            fail(
              k,
              `unknown key "${k}" in settings["${id}"]`,
              `Known keys: ${SETTING_KEYS.join(', ')}.`,
              id,
            );
        }
        if (s.action !== undefined) oneOf('action', s.action, [...ACTIONS, 'off'], id);
        if (s.severity !== undefined) oneOf('severity', s.severity, SEVERITIES, id);
        if (s.params !== undefined && !isMap(s.params))
          fail('params', `settings["${id}"].params must be an object`, undefined, id);
      }
    }
  }
  if (value.severityThreshold !== undefined)
    oneOf('severityThreshold', value.severityThreshold, SEVERITIES);
  if (value.defaultAction !== undefined) oneOf('defaultAction', value.defaultAction, ACTIONS);
  if (
    value.excludedNamespaces !== undefined &&
    stringList('excludedNamespaces', value.excludedNamespaces)
  )
    value.excludedNamespaces.forEach((ns, i) => {
      const problem = namespaceNameProblem(ns);
      if (problem === undefined) return;
      const at = locateString(file, source, ns);
      diagnostics.push(
        diagnostic({
          code: 'CFG_INVALID',
          severity: 'error',
          message: `excludedNamespaces[${i}]: ${problem}`,
          hint: 'List each namespace by its exact name (kubectl get namespaces shows them).',
          location: at.line > 1 || ns === '' ? at : locateKey(file, source, 'excludedNamespaces'),
        }),
      );
    });
  // The entries of `exceptions` are checked by resolveExceptions (they need the rule ids).
  if (value.exceptionFiles !== undefined) stringList('exceptionFiles', value.exceptionFiles);
  if (value.manifests !== undefined) stringList('manifests', value.manifests);
  if (value.crds !== undefined) stringList('crds', value.crds);
  if (value.podTemplates !== undefined)
    for (const p of podTemplateProblems(value.podTemplates)) {
      const entry = Array.isArray(value.podTemplates) ? value.podTemplates[p.index] : undefined;
      // Point at the offending value when it is a string the source spells out, else its key.
      const literal =
        typeof entry === 'string'
          ? entry
          : p.key !== undefined && isMap(entry) && typeof entry[p.key] === 'string'
            ? (entry[p.key] as string)
            : undefined;
      const at = literal !== undefined ? locateString(file, source, literal) : undefined;
      diagnostics.push(
        diagnostic({
          code: 'CFG_INVALID',
          severity: 'error',
          message: p.message,
          hint: p.hint,
          location:
            at !== undefined && at.line > 1
              ? at
              : locateKey(file, source, p.key ?? 'podTemplates', 'podTemplates'),
        }),
      );
    }
  if (value.imageVerification !== undefined)
    diagnostics.push(...imageVerificationConfigProblems(value.imageVerification, file, source));
  if (
    value.kubernetesVersion !== undefined &&
    (typeof value.kubernetesVersion !== 'string' ||
      parseKubernetesVersion(value.kubernetesVersion) === undefined)
  )
    fail(
      'kubernetesVersion',
      `kubernetesVersion must be a Kubernetes version such as '1.29' or 'v1.29', got ${describe(value.kubernetesVersion)}`,
    );
  if (value.pss !== undefined) {
    if (!isMap(value.pss)) fail('pss', `pss must be an object, got ${describe(value.pss)}`);
    else {
      for (const k of Object.keys(value.pss))
        if (k !== 'version') fail(k, `unknown key "${k}" in pss`, 'Known keys: version.', 'pss');
      const version = value.pss.version;
      if (version !== undefined) {
        if (typeof version !== 'string')
          fail(
            'version',
            `pss.version must be a string such as 'v1.29' or 'latest', got ${describe(version)}`,
            undefined,
            'pss',
          );
        else {
          const parsed = parsePssVersion(version);
          if (isPssVersionProblem(parsed))
            fail('version', `pss.version: ${parsed.problem}`, parsed.hint, 'pss');
        }
      }
    }
  }
  if (value.compile !== undefined) {
    if (!isMap(value.compile)) fail('compile', 'compile must be an object');
    else {
      for (const k of Object.keys(value.compile))
        if (k !== 'out' && k !== 'targets')
          fail(k, `unknown key "${k}" in compile`, 'Known keys: out, targets.', 'compile');
      if (value.compile.out !== undefined && typeof value.compile.out !== 'string')
        fail('out', 'compile.out must be a string', undefined, 'compile');
      if (
        value.compile.targets !== undefined &&
        stringList('targets', value.compile.targets, 'compile')
      )
        for (const t of value.compile.targets) oneOf('targets', t, COMPILE_TARGETS, 'compile');
    }
  }
  if (value.kyverno !== undefined) {
    if (!isMap(value.kyverno)) fail('kyverno', 'kyverno must be an object');
    else {
      for (const k of Object.keys(value.kyverno))
        if (k !== 'kinds')
          fail(k, `unknown key "${k}" in kyverno`, 'Known keys: kinds.', 'kyverno');
      const kinds = value.kyverno.kinds;
      if (kinds !== undefined && stringList('kinds', kinds, 'kyverno')) {
        if (kinds.length === 0)
          fail('kinds', 'kyverno.kinds must not be empty', undefined, 'kyverno');
        for (const k of kinds) {
          if (!(KYVERNO_KINDS as readonly string[]).includes(k))
            diagnostics.push(
              diagnostic({
                code: 'CFG_INVALID',
                severity: 'error',
                message: `kyverno.kinds: unknown kind "${k}"; expected ${KYVERNO_KINDS.join(' or ')}`,
                location: locateString(file, source, k),
              }),
            );
        }
      }
    }
  }
  for (const bad of findLoneSurrogates(value))
    diagnostics.push(
      diagnostic({
        code: 'CFG_INVALID',
        severity: 'error',
        message: `${bad.path}: the string has a lone surrogate (half of a UTF-16 pair), which cannot be written as UTF-8`,
        hint: 'Remove the lone \\uD800-\\uDFFF escape, or write the whole character (both halves).',
        location:
          bad.key === undefined
            ? { file, line: 1, column: 1 }
            : locateKey(file, source, bad.key, bad.parentKey),
      }),
    );
  if (diagnostics.length > 0) return { diagnostics };
  return { config: value as KpcConfig, diagnostics };
}

/** What TypeScript would reject in a rule object that defineRule does not check at run time. */
function ruleShapeProblems(rule: object): string[] {
  const r = rule as Record<string, unknown>;
  const problems: string[] = [];
  for (const fn of ['check', 'message'] as const)
    if (typeof r[fn] !== 'function') problems.push(`\`${fn}\` must be a function`);
  if (r.each !== undefined && typeof r.each !== 'function')
    problems.push('`each` must be a function when given');
  const examples = r.examples as Record<string, unknown> | undefined;
  if (examples === null || typeof examples !== 'object') {
    problems.push('`examples` must be `{ pass: [...], fail: [...] }`');
    return problems;
  }
  for (const kind of ['pass', 'fail'] as const) {
    const list = examples[kind];
    if (!Array.isArray(list)) {
      problems.push(`\`examples.${kind}\` must be a list`);
      continue;
    }
    list.forEach((e: unknown, i) => {
      const ex = (e ?? {}) as Record<string, unknown>;
      if (typeof ex.name !== 'string' || typeof ex.yaml !== 'string')
        problems.push(
          `\`examples.${kind}[${i}]\` needs \`name\` and \`yaml\` strings (the manifest text), got keys ${Object.keys(ex).join(', ') || 'none'}`,
        );
    });
  }
  return problems;
}
