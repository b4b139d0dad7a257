/**
 * The native engine's heart: runs one rule's own TypeScript functions over one manifest
 * object and returns one result per offending element.
 */
import type { Diagnostic, ObjectSet, PodSpecLocation, RuleTarget } from '@kpc/ir';
import {
  bindTarget,
  declaredReads,
  normalizeManifest,
  POD_SPEC_LOCATIONS,
  resolveParams,
  ruleTargetOf,
  targetApplies,
  type Violation,
} from '@kpc/ir';

export type { Violation };

import type { AnyRule } from '../rule/define-rule.ts';
import { NeedsObjectSetError, objectLookups, type UndeclaredReadError } from './lookups.ts';

/**
 * A rule's IR target, built once per rule (lint asks for it once per document and rule).
 * Keyed by the rule, checked against its `target` so that a changed target is seen.
 */
const targets = new WeakMap<AnyRule, { readonly source: unknown; readonly target: RuleTarget }>();
function targetOf(rule: AnyRule): RuleTarget {
  const cached = targets.get(rule);
  if (cached !== undefined && cached.source === rule.target) return cached.target;
  const target = ruleTargetOf(rule.target);
  targets.set(rule, { source: rule.target, target });
  return target;
}

export interface EvaluateResult {
  /** Whether the rule applies to this object at all (target kind matched). */
  readonly applies: boolean;
  readonly violations: readonly Violation[];
  /** A rule function threw: reported as RULE_CHECK_THREW, and the object counts as failing (fail closed). */
  readonly errors: readonly Diagnostic[];
}

/** True when the rule's target matches the object's apiVersion and kind. */
export { bindTarget, resolveParams };

/**
 * True when the rule's target matches the object's apiVersion and kind; PodSpec rules match
 * the kinds of `locations` (default the built-in ones; config `podTemplates` adds more).
 */
export function ruleApplies(
  rule: AnyRule,
  object: unknown,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): boolean {
  return targetApplies(targetOf(rule), object, locations);
}

/**
 * Evaluates `rule` on one manifest object (a plain JSON value). Never throws: a rule
 * function that throws yields a RULE_CHECK_THREW diagnostic and a violation at the object
 * root, so that a broken rule can never pass a manifest silently.
 */
export function evaluateRule(
  rule: AnyRule,
  object: unknown,
  paramOverrides: Readonly<Record<string, unknown>> = {},
  /**
   * `normalizeManifest(object)`, when the caller runs many rules on one object (lint does it
   * once per document); it must come from this `object` and should be deeply frozen.
   */
  prepared?: { readonly value: unknown; readonly pointers: WeakMap<object, string> },
  /** Where pod specs live (`podSpecLocationsOf(config.podTemplates)`); default the built-in kinds. */
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
  /**
   * The object set the rule's `list`/`get` read (lint: every loaded document). Omitted: a rule
   * that calls them fails the object with RULE_NEEDS_OBJECT_SET (fail closed).
   */
  objects?: ObjectSet,
): EvaluateResult {
  if (!ruleApplies(rule, object, locations)) return { applies: false, violations: [], errors: [] };
  return evaluateApplicable(
    rule,
    prepared ?? normalizeManifest(object),
    resolveParams(rule.params, paramOverrides),
    locations,
    objects,
  );
}

/**
 * {@link evaluateRule} once the rule is known to apply, with what lint computes once per run
 * or per document instead of once per rule call: the normalised object, the resolved
 * parameters (`resolveParams`) and the object set (or a function that builds it on the
 * rule's first read of a declared kind; `objectLookups`).
 */
export function evaluateApplicable(
  rule: AnyRule,
  prepared: { readonly value: unknown; readonly pointers: WeakMap<object, string> },
  params: Readonly<Record<string, unknown>>,
  locations: readonly PodSpecLocation[],
  objects: ObjectSet | undefined | (() => ObjectSet | undefined),
): EvaluateResult {
  const { value, pointers } = prepared;
  const obj = value as Record<string, unknown>;
  const bound = bindTarget(targetOf(rule), obj, params, locations);
  const { defaultElement, defaultPointer } = bound;
  // The first read of a kind the rule does not declare; kept apart from the exception, so
  // that a rule that catches it still fails.
  let undeclared: UndeclaredReadError | undefined;
  const lookups = objectLookups(objects, declaredReads(rule), (e) => {
    undeclared ??= e;
  });
  // Written out rather than `{ ...bound.ctx, ...lookups }`: spreading the two (the lookups are
  // frozen) took 171 of 309 ms of this function's own time in a lint profile of the
  // 10,000-manifest corpus. Same keys, same order.
  const c = bound.ctx;
  const ctx =
    'spec' in c
      ? {
          object: c.object,
          metadata: c.metadata,
          spec: c.spec,
          params: c.params,
          list: lookups.list,
          get: lookups.get,
        }
      : {
          object: c.object,
          metadata: c.metadata,
          params: c.params,
          list: lookups.list,
          get: lookups.get,
        };
  try {
    const elements: readonly unknown[] = rule.each
      ? (rule.each as (c: unknown) => readonly unknown[])(ctx)
      : [defaultElement];
    const violations: Violation[] = [];
    for (const element of elements) {
      if ((rule.check as (e: unknown, c: unknown) => boolean)(element, ctx)) continue;
      const pointer =
        element !== null && typeof element === 'object'
          ? (pointers.get(element) ?? defaultPointer)
          : defaultPointer;
      violations.push({
        ruleId: rule.id,
        message: (rule.message as (e: unknown, c: unknown) => string)(element, ctx),
        pointer,
      });
    }
    if (undeclared !== undefined) throw undeclared;
    return { applies: true, violations, errors: [] };
  } catch (thrown) {
    const error: unknown = undeclared ?? thrown;
    const message = error instanceof Error ? error.message : String(error);
    const needsSet = error instanceof NeedsObjectSetError;
    return {
      applies: true,
      violations: [
        {
          ruleId: rule.id,
          message: `rule ${rule.id} could not be evaluated: ${message}`,
          pointer: '',
        },
      ],
      errors: [
        undeclared !== undefined
          ? {
              code: 'RULE_UNDECLARED_READ',
              severity: 'error',
              ruleId: rule.id,
              message: `rule ${rule.id} reads ${undeclared.resourceKind} objects (list/get) but does not declare them`,
              hint: `Add ${undeclared.fix} to the rule's definition: a rule declares the kinds it reads (docs/rule-language.md, "Other objects"). The object is reported as failing meanwhile.`,
              pointer: '',
            }
          : needsSet
            ? {
                code: 'RULE_NEEDS_OBJECT_SET',
                severity: 'error',
                ruleId: rule.id,
                message: `rule ${rule.id} reads other objects (${error.apiVersion} ${error.resourceKind}) and cannot be decided from this object alone`,
                hint: 'Lint the whole set (a directory, several files or stdin) or audit a dump; the object is reported as failing meanwhile.',
                pointer: '',
              }
            : {
                code: 'RULE_CHECK_THREW',
                severity: 'error',
                ruleId: rule.id,
                message: `rule ${rule.id} threw while checking this object: ${message}`,
                hint: 'The object is reported as failing. Fix the rule so that it handles absent fields (use ?. and ??).',
                pointer: '',
              },
      ],
    };
  }
}
