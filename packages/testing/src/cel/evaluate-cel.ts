/**
 * A test harness that evaluates lowered CEL with a real CEL implementation
 * (@marcbachmann/cel-js) under Kyverno's bindings: `object`, `oldObject`, `request`,
 * `namespaceObject` and `variables`, where each variable is evaluated lazily, once, on
 * first use, and may use the variables before it (Kyverno's and Kubernetes' semantics).
 * Not for production use: kpc never evaluates CEL itself.
 */
import { Environment } from '@marcbachmann/cel-js';

/** How numbers in objects are typed: as Kubernetes does (integers are CEL ints), or all doubles (`kyverno test`). */
export type NumberMode = 'kubernetes' | 'double';

/** Converts a JSON value into cel-js values: integers → BigInt (CEL int) in `kubernetes` mode. */
export function toCelValue(
  value: unknown,
  mode: NumberMode,
  pointers?: WeakMap<object, string>,
  at = '',
): unknown {
  if (typeof value === 'number') {
    return mode === 'kubernetes' && Number.isInteger(value) && Number.isSafeInteger(value)
      ? BigInt(value)
      : value;
  }
  if (Array.isArray(value)) {
    const out = value.map((v, i) => toCelValue(v, mode, pointers, `${at}/${i}`));
    pointers?.set(out, at);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = toCelValue(v, mode, pointers, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    pointers?.set(out, at);
    return out;
  }
  return value;
}

/** Converts a cel-js result back to JSON values (BigInt → number). */
export function fromCelValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = fromCelValue(v);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromCelValue(v);
    return out;
  }
  return value;
}

/**
 * A stand-in for Kyverno's resource library (`resource.List(apiVersion, resource, namespace)`,
 * kyverno/sdk cel/libs/resource): `list` serves the cluster's objects of a resource (plural
 * name), `namespace` "" meaning every namespace. The harness wraps the items in a list object
 * (`{apiVersion, kind, items}`) as the API server's list response is, with numbers typed
 * per the context's mode.
 */
export class ResourceLibraryMock {
  constructor(
    readonly list: (apiVersion: string, resource: string, namespace: string) => readonly unknown[],
  ) {}
}

/** The bindings Kyverno gives a CEL expression. */
export interface KyvernoBindings {
  readonly object: unknown;
  readonly oldObject?: unknown;
  readonly request?: unknown;
  readonly namespaceObject?: unknown;
  /** Kyverno's `resource` library (ValidatingPolicy): the cluster a lookup reads. */
  readonly resource?: ResourceLibraryMock;
}

/**
 * The bindings Kubernetes gives a ValidatingAdmissionPolicy expression: Kyverno's plus
 * `params` (null without a paramKind). `authorizer` is left unbound: kpc never emits it,
 * so an expression that used it would fail here.
 */
export interface VapBindings extends KyvernoBindings {
  readonly params?: unknown;
}

/** One CEL variable declaration as in a policy. */
export interface VariableDecl {
  readonly name: string;
  readonly expression: string;
}

let sharedEnv: Environment | undefined;

/** The number mode each resource mock's items are typed in (the context that binds it). */
const listModes = new WeakMap<ResourceLibraryMock, NumberMode>();

/** The cel-js environment used by the harness: optionals on, undeclared names are `dyn`. */
export function celEnvironment(): Environment {
  sharedEnv ??= new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true })
    .registerType('kpc.ResourceLibraryMock', ResourceLibraryMock)
    .registerVariable('resource', 'kpc.ResourceLibraryMock')
    .registerFunction({
      name: 'List',
      receiverType: 'kpc.ResourceLibraryMock',
      returnType: 'map',
      params: [
        { name: 'apiVersion', type: 'string' },
        { name: 'resource', type: 'string' },
        { name: 'namespace', type: 'string' },
      ],
      handler: (self: ResourceLibraryMock, apiVersion: string, resource: string, ns: string) => {
        const mode = listModes.get(self) ?? 'kubernetes';
        return new Map<string, unknown>([
          ['apiVersion', apiVersion],
          ['kind', 'List'],
          ['items', self.list(apiVersion, resource, ns).map((o) => toCelValue(o, mode))],
        ]);
      },
    });
  return sharedEnv;
}

/** A parsed expression, ready to evaluate in an activation. */
type ParsedCel = ReturnType<Environment['parse']>;

const parsed = new Map<string, ParsedCel>();

/**
 * `expression` evaluated in `activation`, parsed once per text: the property tests evaluate
 * the same few hundred expressions on thousands of objects, and cel-js's `evaluate` parses
 * its text on every call. A parsed expression is reusable (cel-js's documented `parse` API):
 * the type check it caches on the first evaluation uses the declared variable types (dyn
 * here), never the values of the activation.
 */
export function evaluateCel(expression: string, activation?: Record<string, unknown>): unknown {
  let program = parsed.get(expression);
  if (program === undefined) {
    program = celEnvironment().parse(expression);
    parsed.set(expression, program);
  }
  return program(activation);
}

/**
 * A Kyverno-like evaluation context: `variables.<name>` evaluates its expression on first
 * access (and memoises it), so variables are lazy and ordered as in Kyverno.
 */
export class CelContext {
  private readonly cache = new Map<
    string,
    { ok: true; value: unknown } | { ok: false; error: unknown }
  >();
  readonly activation: Record<string, unknown>;
  /**
   * JSON Pointer of every map and list inside `object`, by identity: cel-js hands list
   * elements through by reference, so an offending element found by CEL leads back to its
   * place in the manifest.
   */
  readonly objectPointers = new WeakMap<object, string>();

  constructor(
    bindings: KyvernoBindings | VapBindings,
    variables: readonly VariableDecl[],
    readonly mode: NumberMode,
  ) {
    const vars: Record<string, unknown> = {};
    const ctx: Record<string, unknown> = {
      object: toCelValue(bindings.object, mode, this.objectPointers),
      oldObject: toCelValue(bindings.oldObject ?? null, mode),
      request: toCelValue(bindings.request ?? {}, mode),
      namespaceObject: toCelValue(bindings.namespaceObject ?? null, mode),
      variables: vars,
    };
    if ('params' in bindings) ctx.params = toCelValue(bindings.params ?? null, mode);
    if (bindings.resource !== undefined) {
      listModes.set(bindings.resource, mode);
      ctx.resource = bindings.resource;
    }
    for (const v of variables) {
      Object.defineProperty(vars, v.name, {
        enumerable: true,
        get: () => {
          let r = this.cache.get(v.name);
          if (r === undefined) {
            try {
              r = { ok: true, value: evaluateCel(v.expression, ctx) };
            } catch (error) {
              r = { ok: false, error };
            }
            this.cache.set(v.name, r);
          }
          if (!r.ok) throw r.error;
          return r.value;
        },
      });
    }
    this.activation = ctx;
  }

  /** Evaluates an expression in this context; throws on a CEL error. */
  evaluate(expression: string): unknown {
    return evaluateCel(expression, this.activation);
  }

  /** Evaluates `expression` with the variable `name` holding `value` instead. */
  evaluateWith(expression: string, name: string, value: unknown): unknown {
    const base = this.activation.variables as Record<string, unknown>;
    const vars: Record<string, unknown> = {};
    for (const key of Object.keys(base))
      if (key !== name)
        Object.defineProperty(vars, key, { enumerable: true, get: () => base[key] });
    Object.defineProperty(vars, name, { enumerable: true, value });
    return evaluateCel(expression, { ...this.activation, variables: vars });
  }
}

/**
 * The offending elements of a lowered rule and one message per element. With a `messages`
 * variable, both are its list-of-lists shape flattened (one list per `each` segment);
 * without, `offending` is the flat list and each element's message is the
 * messageExpression (`variables.offending.map(element, …).join("; ")`) evaluated with
 * `variables.offending` holding that element alone.
 */
export function offendingMessages(
  ctx: CelContext,
  variables: readonly VariableDecl[],
  messageExpression: string,
): { offending: unknown[]; messages: unknown[] } {
  if (variables.some((v) => v.name === 'messages'))
    return {
      offending: flattenGroups(ctx.evaluate('variables.offending')),
      messages: flattenGroups(ctx.evaluate('variables.messages')),
    };
  const offending = ctx.evaluate('variables.offending');
  if (!Array.isArray(offending)) throw new Error('expected variables.offending to be a list');
  return {
    offending,
    messages: offending.map((e) => ctx.evaluateWith(messageExpression, 'offending', [e])),
  };
}

/** Flattens the `offending`/`messages` list-of-lists shape of a lowered rule. */
export function flattenGroups(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error('expected a list of lists');
  return value.flatMap((g) => {
    if (!Array.isArray(g)) throw new Error('expected a list of lists');
    return g;
  });
}
