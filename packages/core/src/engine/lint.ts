/**
 * Lint orchestration: schema findings and rule findings for loaded documents. Each
 * document is schema-checked first, then every applicable rule runs on it through
 * `evaluateRule`. A document with schema findings is still rule-checked, so nothing is
 * hidden behind the first problem (docs/cli/lint.md).
 */
import type {
  Diagnostic,
  DiagnosticCode,
  PodSpecLocation,
  RuleAction,
  SourceLocation,
} from '@kpc/ir';
import {
  isReferential,
  normalizeManifest,
  type ObjectSet,
  objectSet,
  POD_SPEC_LOCATIONS,
  resolveParams,
} from '@kpc/ir';
import type { ExceptionRef, ResolvedException } from '../config/exception-spec.ts';
import type { ResolvedRule } from '../config/resolve-rules.ts';
import type { LoadedDocument } from '../loader/types.ts';
import type { RuleSeverity } from '../rule/define-rule.ts';
import type { ApiCheck } from '../schema/check-api-version.ts';
import { evaluateApplicable, ruleApplies } from './evaluate.ts';
import { containerAt, exceptionFor, selectsAnything, subjectOf } from './exception-match.ts';

/** The rule id of findings that come from Kubernetes schema validation. */
export const SCHEMA_RULE_ID = 'schema';

/** The object a finding is about. */
export interface FindingResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** One problem in one manifest. */
export interface Finding {
  /** The rule id, or `schema` for a schema finding. */
  readonly ruleId: string;
  /** For schema findings: the SCHEMA_* code. */
  readonly code?: DiagnosticCode;
  readonly severity: RuleSeverity;
  readonly message: string;
  /** What to do about it, when known (schema findings: e.g. the field name meant). */
  readonly hint?: string;
  readonly resource: FindingResource;
  /** JSON Pointer of the offending field inside the file's YAML document. */
  readonly pointer: string;
  /** Where the offending field is (file:line:col). */
  readonly location: SourceLocation;
  /** The rule's configured cluster action (absent for schema findings). */
  readonly action?: RuleAction;
  /** The active exception that exempts this finding: it does not fail the run. */
  readonly exception?: ExceptionRef;
  /** An exception that covered this finding but has expired: the finding fails again. */
  readonly expiredException?: ExceptionRef;
}

/** Severity order, low to critical. */
export const SEVERITY_ORDER: readonly RuleSeverity[] = ['low', 'medium', 'high', 'critical'];

/** True when `severity` is at or above `threshold`. */
export function atOrAbove(severity: RuleSeverity, threshold: RuleSeverity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

export interface LintOptions {
  /** Namespaces rules skip (schema validation still runs). Objects without a namespace are never skipped. */
  readonly excludedNamespaces?: readonly string[];
  /** Schema validation of one document (the loader's `validateDocument`); omitted: no schema check. */
  readonly validate?: (doc: LoadedDocument) => readonly Diagnostic[];
  /** Severity of schema errors (warnings are one step lower, min `low`). Default `high`. */
  readonly schemaSeverity?: RuleSeverity;
  /** Exceptions (docs/exceptions.md); a finding an active one covers is marked excepted. */
  readonly exceptions?: readonly ResolvedException[];
  /** The time exceptions are judged at (ms since epoch). Default `Date.now()`. */
  readonly now?: number;
  /**
   * The apiVersion/kind check (`createApiChecker`). When it says an object means another
   * kind (a removed workload API such as `extensions/v1beta1` DaemonSet, or a misspelt
   * apiVersion or kind), rules check the object as that kind, so that its pod template is
   * still checked; the findings say so in their hint. Omitted: objects are taken as written.
   */
  readonly api?: (apiVersion: string, kind: string) => ApiCheck;
  /**
   * Where pod specs live: the built-in kinds and the custom kinds of config `podTemplates`
   * (`podSpecLocationsOf`). Default the built-in kinds only.
   */
  readonly podSpecLocations?: readonly PodSpecLocation[];
  /**
   * The object set referential rules read (their `list`/`get`; docs/ir.md, "Cross-object
   * rules"): `kpc lint` passes every document of the run, `kpc audit` the dump. Omitted: the
   * set of `documents` themselves.
   */
  readonly objects?: ObjectSet;
  /**
   * The documents are part of a larger set that is not available (`kpc lint` of one file):
   * referential rules are not decided; each one that would have run says so in one
   * RULE_NEEDS_OBJECT_SET warning (located at the first object, with the count), and the
   * objects do not count as checked by it. Default false.
   */
  readonly partialSet?: boolean;
  /**
   * With `partialSet`, for a file linted in several parts (a long stream): the count of each
   * rule's undecided objects is kept in `undecided` across the parts, and the warnings are
   * written only by the part where `final` is true, where and as one call over the whole
   * file would write them. Omitted: this call is the whole file.
   */
  readonly partialSetParts?: {
    readonly undecided: Map<string, { location: SourceLocation; count: number }>;
    readonly final: boolean;
  };
  /** Called after each document, e.g. for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Engine diagnostics (rule errors, schema infos such as SCHEMA_UNCHECKED_KIND). */
  readonly diagnostics: readonly Diagnostic[];
  /** Milliseconds spent in schema validation and in rules. */
  readonly timings: { readonly schemaMs: number; readonly rulesMs: number };
  /** Per document (same order): the ids of the rules that applied to it and ran. */
  readonly rulesRun: readonly (readonly string[])[];
  /** Ids of the exceptions whose selectors matched at least one document. */
  readonly matchedExceptions: ReadonlySet<string>;
}

function resourceOf(doc: LoadedDocument): FindingResource {
  return {
    apiVersion: doc.apiVersion,
    kind: doc.kind,
    ...(doc.namespace !== undefined ? { namespace: doc.namespace } : {}),
    ...(doc.name !== undefined ? { name: doc.name } : {}),
  };
}

function lower(s: RuleSeverity): RuleSeverity {
  return SEVERITY_ORDER[Math.max(0, SEVERITY_ORDER.indexOf(s) - 1)]!;
}

/**
 * Which of `rules` target an object depends only on its apiVersion and kind: decided once
 * per kind for a rule list and pod spec table (lint is called once per file, with the same
 * list every time), not once per document and rule.
 */
const rulesByKindOf = new WeakMap<
  readonly ResolvedRule[],
  WeakMap<readonly PodSpecLocation[], Map<string, readonly ResolvedRule[]>>
>();
function applicableRules(
  rules: readonly ResolvedRule[],
  locations: readonly PodSpecLocation[],
): (probe: { apiVersion: string; kind: string }) => readonly ResolvedRule[] {
  let byLocations = rulesByKindOf.get(rules);
  if (byLocations === undefined) {
    byLocations = new WeakMap();
    rulesByKindOf.set(rules, byLocations);
  }
  let byKind = byLocations.get(locations);
  if (byKind === undefined) {
    byKind = new Map();
    byLocations.set(locations, byKind);
  }
  const cache = byKind;
  return (probe) => {
    const key = `${probe.apiVersion}\n${probe.kind}`;
    let list = cache.get(key);
    if (list === undefined) {
      list = rules.filter((r) => ruleApplies(r.rule, probe, locations));
      // Bounded: a stream of made-up kinds does not grow it without end.
      if (cache.size < 1000) cache.set(key, list);
    }
    return list;
  };
}

/** A resolved rule's parameters (defaults and overrides), frozen, computed once per rule. */
const paramsByRule = new WeakMap<ResolvedRule, Readonly<Record<string, unknown>>>();
function paramsOf(r: ResolvedRule): Readonly<Record<string, unknown>> {
  let params = paramsByRule.get(r);
  if (params === undefined) {
    params = resolveParams(r.rule.params, r.params);
    paramsByRule.set(r, params);
  }
  return params;
}

/**
 * Lints documents with resolved rules. Pure apart from calling `validate` and the rules'
 * own functions; never throws (a throwing rule yields a RULE_CHECK_THREW diagnostic and a
 * finding, fail closed). Findings are ordered by document, then line, column and rule id.
 */
export function lint(
  documents: readonly LoadedDocument[],
  rules: readonly ResolvedRule[],
  options: LintOptions = {},
): LintResult {
  const excluded = new Set(options.excludedNamespaces ?? []);
  const schemaSeverity = options.schemaSeverity ?? 'high';
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const exceptions = options.exceptions ?? [];
  const now = options.now ?? Date.now();
  const locations = options.podSpecLocations ?? POD_SPEC_LOCATIONS;
  const partial = options.partialSet === true;
  // Built lazily, on the first evaluation of a rule that declares reads.
  let objects: ObjectSet | undefined = partial ? undefined : options.objects;
  const objectsOf = (): ObjectSet | undefined => {
    if (partial) return undefined;
    objects ??= objectSet(documents.map((d) => d.object));
    return objects;
  };
  /** Referential rules not decided on a partial set: rule id → first object, count. */
  const undecided =
    options.partialSetParts?.undecided ??
    new Map<string, { location: SourceLocation; count: number }>();
  const rulesRun: string[][] = [];
  const matchedExceptions = new Set<string>();
  let schemaMs = 0;
  let rulesMs = 0;
  // Which rules target an object depends only on its apiVersion and kind: decide it once
  // per kind, not once per document and rule.
  const rulesFor = applicableRules(rules, locations);
  documents.forEach((doc, index) => {
    const resource = resourceOf(doc);
    const local: Finding[] = [];
    if (options.validate) {
      const t0 = performance.now();
      let schemaDiagnostics: readonly Diagnostic[];
      try {
        schemaDiagnostics = options.validate(doc);
      } catch (error) {
        schemaDiagnostics = [
          {
            code: 'INTERNAL',
            severity: 'error',
            message: `schema validation failed: ${error instanceof Error ? error.message : String(error)}`,
            location: doc.locate(''),
          },
        ];
      }
      for (const d of schemaDiagnostics) {
        if (d.severity === 'info' || !d.code.startsWith('SCHEMA_')) {
          diagnostics.push(d);
          continue;
        }
        const pointer = d.pointer ?? '';
        local.push({
          ruleId: SCHEMA_RULE_ID,
          code: d.code,
          severity: d.severity === 'error' ? schemaSeverity : lower(schemaSeverity),
          message: d.message,
          ...(d.hint !== undefined ? { hint: d.hint } : {}),
          resource,
          pointer: doc.basePointer + pointer,
          location: d.location ?? doc.locate(pointer),
        });
      }
      schemaMs += performance.now() - t0;
    }
    const skip = doc.namespace !== undefined && excluded.has(doc.namespace);
    const meant = options.api?.(doc.apiVersion, doc.kind).meant;
    const applicable = skip ? [] : rulesFor(meant ?? doc);
    const ran: string[] = [];
    const subject = exceptions.length > 0 ? subjectOf(doc.object) : undefined;
    if (subject !== undefined)
      for (const e of exceptions)
        if (!matchedExceptions.has(e.id) && selectsAnything(e, doc.object, subject, locations))
          matchedExceptions.add(e.id);
    if (applicable.length > 0) {
      const t0 = performance.now();
      // The object as the rules see it: as written, or as the kind it means (same pod
      // template path: a removed workload API has the layout of its replacement).
      const object =
        meant === undefined
          ? doc.object
          : { ...doc.object, apiVersion: meant.apiVersion, kind: meant.kind };
      // Normalise once per document, not once per rule; frozen, so that a rule that tries to
      // modify the object throws (reported, fail closed) instead of changing what others see.
      const prepared = normalizeManifest(object, { freeze: true });
      // `applicable` was chosen by the document's apiVersion and kind; the object has the
      // same ones unless a caller built a document whose fields disagree with its object.
      const probe = meant ?? doc;
      const exact = object.apiVersion === probe.apiVersion && object.kind === probe.kind;
      for (const r of applicable) {
        if (!exact && !ruleApplies(r.rule, object, locations)) continue;
        // Only a rule that declares reads gets the set (built once, on its first read); any
        // other rule's list/get fails it (RULE_UNDECLARED_READ) before reading anything.
        const result = evaluateApplicable(
          r.rule,
          prepared,
          paramsOf(r),
          locations,
          isReferential(r.rule) ? objectsOf : undefined,
        );
        const needs = partial
          ? result.errors.find((e) => e.code === 'RULE_NEEDS_OBJECT_SET')
          : undefined;
        if (needs !== undefined) {
          const seen = undecided.get(r.rule.id);
          if (seen === undefined) undecided.set(r.rule.id, { location: doc.locate(''), count: 1 });
          else seen.count++;
          continue;
        }
        ran.push(r.rule.id);
        for (const v of result.violations) {
          const verdict =
            subject === undefined
              ? {}
              : exceptionFor(
                  exceptions,
                  now,
                  v.ruleId,
                  subject,
                  containerAt(doc.object, v.pointer, locations),
                );
          const expired = verdict.expiredException;
          local.push({
            ruleId: v.ruleId,
            severity: r.severity,
            message:
              expired === undefined
                ? v.message
                : `${v.message} (exception "${expired.id}" expired on ${expired.expires})`,
            ...(meant !== undefined ? { hint: meant.note } : {}),
            resource,
            pointer: doc.basePointer + v.pointer,
            location: doc.locate(v.pointer),
            action: r.action,
            ...verdict,
          });
        }
        for (const e of result.errors) {
          diagnostics.push({
            ...e,
            pointer: doc.basePointer + (e.pointer ?? ''),
            location: doc.locate(e.pointer ?? ''),
          });
        }
      }
      rulesMs += performance.now() - t0;
    }
    local.sort(
      (a, b) =>
        a.location.line - b.location.line ||
        a.location.column - b.location.column ||
        Number(b.ruleId === SCHEMA_RULE_ID) - Number(a.ruleId === SCHEMA_RULE_ID) ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    );
    findings.push(...local);
    rulesRun.push(ran);
    options.onProgress?.(index + 1, documents.length);
  });
  if (options.partialSetParts?.final !== false)
    for (const [ruleId, u] of undecided)
      diagnostics.push({
        code: 'RULE_NEEDS_OBJECT_SET',
        severity: 'warning',
        ruleId,
        message: `rule ${ruleId} reads other objects and needs the whole set: not checked on ${u.count} object(s) of this input`,
        hint: 'Lint the whole set at once (a directory, several files, or stdin: `kpc lint - < all.yaml`), or audit a cluster dump.',
        location: u.location,
      });
  return { findings, diagnostics, timings: { schemaMs, rulesMs }, rulesRun, matchedExceptions };
}
