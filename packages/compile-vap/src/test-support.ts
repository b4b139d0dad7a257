/**
 * Test-only: evaluates a generated ValidatingAdmissionPolicy and its binding (parsed back
 * from the YAML) on one object the way the API server does for a CREATE: match the
 * resource rules (by plural resource), evaluate the matchConditions, then the validation
 * with the variables lazy and, when it fails, the messageExpression. Bindings: object,
 * oldObject (null), request, params (null: no paramKind), namespaceObject; no authorizer.
 */
import { podSpecResourceName, resourceName } from '@kpc/cel';
import type { CompileRuleInput } from '@kpc/compile';
import { POD_SPEC_LOCATIONS, parseApiVersion, podSpecLocationOf, type RuleIR } from '@kpc/ir';
import {
  CelContext,
  type Evaluator,
  inputForIR,
  type NumberMode,
  offendingMessages,
  type VariableDecl,
} from '@kpc/testing';
import { parseAllDocuments } from 'yaml';
import { compileVap, VAP_FILE } from './compile-vap.ts';

type Obj = Record<string, unknown>;

/** What the API server decided. `actions` are the binding's validationActions when denied. */
export interface VapVerdict {
  readonly matched: boolean;
  readonly allowed: boolean;
  readonly pointers: readonly (string | undefined)[];
  readonly messages: readonly string[];
  readonly message: string;
  readonly actions: readonly string[];
}

export function evaluateVap(
  policy: Obj,
  binding: Obj,
  object: Obj,
  mode: NumberMode,
  namespace = typeof (object.metadata as Obj | undefined)?.namespace === 'string'
    ? ((object.metadata as Obj).namespace as string)
    : '',
  /** The API server's resource name of a kind (a CRD's plural for custom kinds). */
  resourceOf: (kind: string) => string = resourceName,
): VapVerdict {
  const none: VapVerdict = {
    matched: false,
    allowed: true,
    pointers: [],
    messages: [],
    message: '',
    actions: [],
  };
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return none;
  const { group, version } = parseApiVersion(object.apiVersion);
  const spec = policy.spec as Obj;
  const rules = (spec.matchConstraints as Obj).resourceRules as Obj[];
  const hit = rules.some(
    (r) =>
      (r.apiGroups as string[]).includes(group) &&
      ((r.apiVersions as string[]).includes(version) ||
        (r.apiVersions as string[]).includes('*')) &&
      (r.operations as string[]).includes('CREATE') &&
      (r.resources as string[]).includes(resourceOf(object.kind as string)),
  );
  if (!hit) return none;
  const request = {
    operation: 'CREATE',
    namespace,
    name: (object.metadata as Obj | undefined)?.name ?? '',
    object,
    userInfo: { username: 'kpc-test' },
  };
  const ctx = new CelContext(
    { object, oldObject: null, request, params: null, namespaceObject: null },
    (spec.variables as VariableDecl[] | undefined) ?? [],
    mode,
  );
  for (const c of (spec.matchConditions as Obj[] | undefined) ?? []) {
    const r = ctx.evaluate(c.expression as string);
    if (typeof r !== 'boolean') throw new Error(`matchCondition returned ${String(r)}`);
    if (!r) return none;
  }
  const validation = (spec.validations as Obj[])[0] as {
    expression: string;
    messageExpression: string;
  };
  const allowed = ctx.evaluate(validation.expression);
  if (typeof allowed !== 'boolean') throw new Error(`validation returned ${String(allowed)}`);
  const found = offendingMessages(
    ctx,
    (spec.variables as VariableDecl[] | undefined) ?? [],
    validation.messageExpression,
  );
  const raw = found.offending;
  const pointers = raw.map((e) =>
    e !== null && typeof e === 'object' ? ctx.objectPointers.get(e) : undefined,
  );
  const messages = found.messages as string[];
  const message = allowed ? '' : ctx.evaluate(validation.messageExpression);
  if (typeof message !== 'string') throw new Error('messageExpression is not a string');
  const actions = allowed ? [] : ((binding.spec as Obj).validationActions as string[]);
  return { matched: true, allowed, pointers, messages, message, actions };
}

/**
 * Compiles `input` and returns its policy and binding; throws on diagnostics. `out`: the
 * result of that very compile when the caller has it already, so it is not compiled twice.
 */
export function compiledVap(
  input: CompileRuleInput,
  out: ReturnType<typeof compileVap> = compileVap([input]),
): [Obj, Obj] {
  const errors = out.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  const file = out.files.find((f) => f.path === `${input.meta.id}/${VAP_FILE}`);
  if (!file) throw new Error('policy file missing');
  const [policy, binding] = parseAllDocuments(file.content).map((d) => d.toJS() as Obj);
  return [policy!, binding!];
}

export { inputForIR };

/** An equivalence-harness evaluator running the compiled VAP with numbers typed per `mode`. */
export function vapEvaluator(
  ir: RuleIR,
  mode: NumberMode,
  makeInput: (params: Readonly<Record<string, unknown>>) => CompileRuleInput = (p) =>
    inputForIR(ir, p),
): Evaluator {
  const cache = new Map<string, [Obj, Obj]>();
  return (object, params) => {
    const key = JSON.stringify(params);
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = compiledVap(makeInput(params));
      cache.set(key, compiled);
    }
    // The cluster serves the custom kinds the compile input declares, under their plurals.
    const locations = makeInput(params).podSpecLocations ?? POD_SPEC_LOCATIONS;
    const v = evaluateVap(compiled[0], compiled[1], object as Obj, mode, undefined, (k) =>
      podSpecResourceName(locations, k),
    );
    if (!v.matched) return { applies: false, violations: [] };
    if (v.allowed !== (v.messages.length === 0))
      throw new Error('validation disagrees with variables.messages');
    const loc = podSpecLocationOf(object.apiVersion, object.kind, locations);
    const fallback = ir.target.kind === 'podSpec' && loc ? `/${loc.specPath.join('/')}` : '';
    return {
      applies: true,
      violations: v.messages.map((message, i) => ({ message, pointer: v.pointers[i] ?? fallback })),
    };
  };
}
