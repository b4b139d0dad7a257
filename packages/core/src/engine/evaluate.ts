/**
 * The native engine's heart: runs one rule's own TypeScript functions over one manifest
 * object and returns one result per offending element.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { RuleTarget } from '../ir/rule-ir.ts';
import { podSpecLocationOf, ruleTargetOf, targetApplies } from '../k8s/targets.ts';
import type { AnyRule, ParamSpecs } from '../rule/define-rule.ts';
import { normalizeManifest } from './normalize.ts';

/** One offending element. `pointer` is the JSON Pointer of the element inside the object. */
export interface Violation {
  readonly ruleId: string;
  readonly message: string;
  readonly pointer: string;
}

export interface EvaluateResult {
  /** Whether the rule applies to this object at all (target kind matched). */
  readonly applies: boolean;
  readonly violations: readonly Violation[];
  /** A rule function threw: reported as RULE_CHECK_THREW, and the object counts as failing (fail closed). */
  readonly errors: readonly Diagnostic[];
}

/** Parameter values: the rule's defaults overridden by `overrides`. */
export function resolveParams(
  specs: ParamSpecs | undefined,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) {
    out[name] = Object.hasOwn(overrides, name) ? overrides[name] : spec.default;
  }
  return Object.freeze(out);
}

function getPath(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** True when the rule's target matches the object's apiVersion and kind. */
export function ruleApplies(rule: AnyRule, object: unknown): boolean {
  return targetApplies(ruleTargetOf(rule.target), object);
}

/** What a rule's functions see for one object: its context, and the default element. */
export interface BoundTarget {
  /** `{ object, metadata, spec?, params }`, as the rule functions receive it. */
  readonly ctx: Readonly<Record<string, unknown>>;
  /** The element when the rule has no `each`: the pod spec, or the object. */
  readonly defaultElement: unknown;
  /** Pointer reported for elements that are not objects of the manifest. */
  readonly defaultPointer: string;
}

/**
 * Binds a rule's roots for one normalised object that `target` applies to. Shared by the
 * native engine and the IR interpreter (`ir/interpret.ts`) so both see the same values.
 */
export function bindTarget(
  target: RuleTarget,
  obj: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, unknown>>,
): BoundTarget {
  if (target.kind === 'podSpec') {
    const loc = podSpecLocationOf(obj.apiVersion, obj.kind);
    const spec = loc ? getPath(obj, loc.specPath) : undefined;
    const metadata = loc ? getPath(obj, loc.metadataPath) : undefined;
    // A workload without a pod spec (or pod metadata) is given an empty one, so that a
    // rule reads "absent" everywhere instead of throwing. Schema validation reports the gap.
    const ctx = {
      object: obj,
      metadata: isMap(metadata) ? metadata : {},
      spec: isMap(spec) ? spec : {},
      params,
    };
    return {
      ctx,
      defaultElement: ctx.spec,
      defaultPointer: loc ? `/${loc.specPath.join('/')}` : '',
    };
  }
  return {
    ctx: { object: obj, metadata: isMap(obj.metadata) ? obj.metadata : {}, params },
    defaultElement: obj,
    defaultPointer: '',
  };
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
): EvaluateResult {
  if (!ruleApplies(rule, object)) return { applies: false, violations: [], errors: [] };
  const { value, pointers } = prepared ?? normalizeManifest(object);
  const obj = value as Record<string, unknown>;
  const params = resolveParams(rule.params, paramOverrides);
  const { ctx, defaultElement, defaultPointer } = bindTarget(
    ruleTargetOf(rule.target),
    obj,
    params,
  );
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
    return { applies: true, violations, errors: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
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
        {
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

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
