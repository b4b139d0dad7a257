/**
 * How a rule's roots are bound for one object: shared by the native engine (`@kpc/core`) and
 * the IR interpreter, so that both see the same values (docs/ir.md, "Roots").
 */
import type { RuleTarget } from '../rule-ir.ts';
import { POD_SPEC_LOCATIONS, type PodSpecLocation, podSpecLocationOf } from './targets.ts';

/** One offending element. `pointer` is the JSON Pointer of the element inside the object. */
export interface Violation {
  readonly ruleId: string;
  readonly message: string;
  readonly pointer: string;
}

/** Parameter values: the rule's defaults overridden by `overrides`. */
export function resolveParams(
  specs: Readonly<Record<string, { readonly default?: unknown }>> | undefined,
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
 * Binds a rule's roots for one normalised object that `target` applies to, with the pod spec
 * locations of `locations` (default the built-in table). Shared by the native engine and the
 * IR interpreter (`ir/interpret.ts`) so both see the same values.
 */
export function bindTarget(
  target: RuleTarget,
  obj: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, unknown>>,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): BoundTarget {
  if (target.kind === 'podSpec') {
    const loc = podSpecLocationOf(obj.apiVersion, obj.kind, locations);
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

export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
