/**
 * The native engine's heart: runs one rule's own TypeScript functions over one manifest
 * object and returns one result per offending element.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { parseApiVersion, podSpecLocationOf } from '../k8s/targets.ts';
import { KIND_API_VERSIONS } from '../k8s/types.ts';
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
  const o = object as { apiVersion?: unknown; kind?: unknown } | null;
  if (o === null || typeof o !== 'object') return false;
  if (rule.target === 'PodSpec') return podSpecLocationOf(o.apiVersion, o.kind) !== undefined;
  if (typeof o.kind !== 'string' || typeof o.apiVersion !== 'string') return false;
  const expected = KIND_API_VERSIONS[rule.target as string];
  if (expected === undefined) return o.kind === rule.target;
  const a = parseApiVersion(o.apiVersion);
  const b = parseApiVersion(expected);
  return o.kind === rule.target && a.group === b.group && a.version === b.version;
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
): EvaluateResult {
  if (!ruleApplies(rule, object)) return { applies: false, violations: [], errors: [] };
  const { value, pointers } = normalizeManifest(object);
  const obj = value as Record<string, unknown>;
  const params = resolveParams(rule.params, paramOverrides);
  let ctx: Record<string, unknown>;
  let defaultElement: unknown;
  let defaultPointer: string;
  if (rule.target === 'PodSpec') {
    const loc = podSpecLocationOf(obj.apiVersion, obj.kind)!;
    const spec = getPath(obj, loc.specPath);
    const metadata = getPath(obj, loc.metadataPath);
    // A workload without a pod spec (or pod metadata) is given an empty one, so that a
    // rule reads "absent" everywhere instead of throwing. Schema validation reports the gap.
    ctx = {
      object: obj,
      metadata: isMap(metadata) ? metadata : {},
      spec: isMap(spec) ? spec : {},
      params,
    };
    defaultElement = ctx.spec;
    defaultPointer = `/${loc.specPath.join('/')}`;
  } else {
    ctx = { object: obj, metadata: isMap(obj.metadata) ? obj.metadata : {}, params };
    defaultElement = obj;
    defaultPointer = '';
  }
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
