/**
 * Test-only: a real cel-go type checker and cost tracker, when a `cel-check` binary with a
 * policy mode is on PATH (built outside the repository from the cel-go and k8s.io/apiserver
 * code vendored by gatekeeper v3.16.0: cel-go v0.17.7, Kubernetes 1.29; see docs/open-items.md).
 *
 * A policy is compiled as the API server's ValidatingAdmissionPolicy compiler does (Kyverno
 * reuses it for ClusterPolicy CEL and compiles ValidatingPolicy variables the same way):
 * `variables` in order, each typed with its inferred type; `object` and `oldObject` dyn (no
 * schema for the kind); `request` and `namespaceObject` with Kubernetes' declared types;
 * `params` absent unless `params` gives its type. With an activation it is evaluated with
 * Kubernetes' cost limits (1,000,000 per expression, 10,000,000 per policy evaluation).
 * Without the binary every function here returns the reason to skip.
 */
import { spawnSync } from 'node:child_process';
import { type Expr, IR_VERSION, ir, type ParamSpec, type RuleIR } from '@kpc/ir';
import { runProcess } from './run-process.ts';

export interface CelCheckPolicy {
  readonly variables?: readonly { readonly name: string; readonly expression: string }[];
  readonly validations: readonly {
    readonly expression: string;
    readonly messageExpression?: string;
  }[];
  readonly matchConditions?: readonly { readonly name: string; readonly expression: string }[];
  /** The declared type of `params` (`dyn` as the API server declares it); absent: undeclared. */
  readonly params?: string;
}

export interface CelCheckExpression {
  readonly where: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly outputType?: string;
  /** cel-go's static estimate (no size information: every list or string may be any size). */
  readonly cost?: { readonly min: number; readonly max: number };
}

export interface CelCheckEvaluation {
  /** False when the policy ran out of its cost budget or an expression its per-call limit. */
  readonly ok: boolean;
  readonly error?: string;
  readonly results: readonly {
    readonly where: string;
    readonly value?: unknown;
    readonly error?: string;
    readonly cost: number;
  }[];
  /** The runtime cost of the costliest expression, the variables it forced included. */
  readonly maxCost: number;
  readonly totalCost: number;
}

export interface CelCheckResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly expressions: readonly CelCheckExpression[];
  readonly eval?: CelCheckEvaluation;
}

export interface CelCheckRequest {
  readonly policy: CelCheckPolicy;
  /** object, oldObject, request, namespaceObject, params. Absent: type-check only. */
  readonly activation?: Readonly<Record<string, unknown>>;
}

/** Kubernetes' per-expression runtime cost limit (k8s.io/apiserver/pkg/apis/cel PerCallLimit). */
export const CEL_PER_CALL_LIMIT = 1_000_000;
/** Kubernetes' runtime cost budget of one (policy, binding, params) evaluation. */
export const CEL_POLICY_BUDGET = 10_000_000;

/** Runs the checker on `requests`; a string is the reason it cannot run. */
export function celCheckPolicies(requests: readonly CelCheckRequest[]): CelCheckResult[] | string {
  const r = spawnSync('cel-check', [], {
    input: requestText(requests),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.error !== undefined) return `cel-check is not on PATH (${r.error.message})`;
  return parseAnswers(r.stdout, r.stderr, requests.length);
}

/**
 * `celCheckPolicies` without blocking the event loop (a long evaluation would stall the
 * test runner's worker).
 */
export function celCheckPoliciesAsync(
  requests: readonly CelCheckRequest[],
): Promise<CelCheckResult[] | string> {
  return runProcess('cel-check', [], { input: requestText(requests) }).then(
    (r) => parseAnswers(r.stdout, r.stderr, requests.length),
    (e: Error) => `cel-check is not on PATH (${e.message})`,
  );
}

function requestText(requests: readonly CelCheckRequest[]): string {
  return requests.map((r) => JSON.stringify(r)).join('\n');
}

function parseAnswers(stdout: string, stderr: string, count: number): CelCheckResult[] | string {
  const lines = stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== count)
    return `cel-check answered ${lines.length} of ${count} policies: ${stderr.slice(0, 300)}`;
  try {
    const parsed = lines.map((l) => JSON.parse(l) as CelCheckResult);
    const bad = parsed.find((p) => !Array.isArray(p.expressions));
    if (bad !== undefined)
      return `the cel-check on PATH has no policy mode (${JSON.stringify(bad).slice(0, 200)}); it predates the cel-go v0.17.7 / Kubernetes 1.29 build`;
    return parsed;
  } catch {
    return `cel-check printed something else than JSON lines: ${stdout.slice(0, 200)}`;
  }
}

let probed: string | undefined | null = null;

/** Why the policy checker cannot run here, or undefined when it can (probed once). */
export function celCheckSkipReason(): string | undefined {
  if (probed !== null) return probed;
  const r = celCheckPolicies([
    {
      policy: {
        variables: [{ name: 'x', expression: '{"a": 1}.?a.orValue(0)' }],
        validations: [{ expression: 'variables.x == 1' }],
      },
    },
  ]);
  probed =
    typeof r === 'string'
      ? r
      : r[0]!.ok
        ? undefined
        : `cel-check rejects a CEL optional chain: ${r[0]!.expressions.find((e) => !e.ok)?.error}`;
  return probed;
}

type Obj = Record<string, unknown>;

/**
 * The CEL of a generated admission object: a ValidatingAdmissionPolicy or Kyverno
 * ValidatingPolicy (`spec.variables`, `spec.validations`, `spec.matchConditions`), or each
 * rule of a Kyverno ClusterPolicy (`validate.cel`), one policy per rule.
 */
export function celPoliciesOf(object: Obj): CelCheckPolicy[] {
  const spec = object.spec as Obj;
  if (object.kind === 'ClusterPolicy')
    return (spec.rules as Obj[]).map((rule) => {
      const cel = (rule.validate as Obj).cel as Obj;
      return {
        variables: (cel.variables as CelCheckPolicy['variables']) ?? [],
        validations: cel.expressions as CelCheckPolicy['validations'],
      };
    });
  return [
    {
      variables: (spec.variables as CelCheckPolicy['variables']) ?? [],
      validations: spec.validations as CelCheckPolicy['validations'],
      matchConditions: (spec.matchConditions as CelCheckPolicy['matchConditions']) ?? [],
    },
  ];
}

/** Every expression the checker refused, as `label where: error`. */
export function celCheckFailures(
  labels: readonly string[],
  results: readonly CelCheckResult[],
): string[] {
  return results.flatMap((r, i) =>
    r.ok
      ? []
      : [
          r.error !== undefined ? `${labels[i]}: ${r.error}` : undefined,
          ...r.expressions
            .filter((e) => !e.ok)
            .map((e) => `${labels[i]} ${e.where}: ${e.error?.split('\n')[0]}`),
        ].filter((s): s is string => s !== undefined),
  );
}

/**
 * Type-checks the CEL of generated admission objects (see `celPoliciesOf`): every expression
 * the checker refused, as `label where: error`, or the reason the checker cannot run.
 */
export async function celTypeErrors(
  objects: readonly { readonly label: string; readonly object: Obj }[],
): Promise<string[] | string> {
  const requests: CelCheckRequest[] = [];
  const labels: string[] = [];
  for (const { label, object } of objects)
    for (const policy of celPoliciesOf(object)) {
      requests.push({ policy });
      labels.push(label);
    }
  const results = await celCheckPoliciesAsync(requests);
  return typeof results === 'string' ? results : celCheckFailures(labels, results);
}

const REGISTRIES: ParamSpec = {
  type: 'string[]',
  default: ['registry.example.com', 'docker.io'],
  description: 'Registries.',
};

/**
 * Rules whose parameters the engines type by inference (a `string[]` default is a
 * `list(string)`, an integer an `int`), used where guarded code needs `dyn`: a parameter list
 * iterated, compared with `<`/`==`, printed in a message, indexed, and scalars compared and
 * printed. Before the lowering typed such values as dyn, cel-go refused these policies.
 */
export function paramTypingRules(): RuleIR[] {
  const rule = (
    id: string,
    params: Record<string, ParamSpec>,
    each: Expr | null,
    check: Expr,
    message: Expr,
  ): RuleIR => ({
    irVersion: IR_VERSION,
    id,
    target: { kind: 'podSpec' },
    params,
    each,
    check,
    message,
  });
  const image = ir.get(ir.ref('element'), 'image');
  return [
    // each over the parameter: the element is a string to cel-go.
    rule(
      'param-list-each',
      { registries: REGISTRIES },
      ir.param('registries'),
      ir.compare('ge', ir.ref('element'), ir.literal('m')),
      ir.concat([ir.literal('registry '), ir.ref('element'), ir.literal(' sorts before m')]),
    ),
    // a comprehension over the parameter, comparing and printing its items.
    rule(
      'param-list-some',
      { registries: REGISTRIES },
      ir.call('allContainers', [ir.ref('spec')]),
      ir.comprehension('some', ir.param('registries'), 'r', ir.compare('eq', ir.ref('r'), image)),
      ir.concat([
        ir.literal('image '),
        image,
        ir.literal(' not from '),
        ir.index(
          ir.comprehension(
            'map',
            ir.param('registries'),
            'r',
            ir.concat([ir.ref('r'), ir.literal('/')]),
          ),
          ir.literal(0),
        ),
      ]),
    ),
    rule(
      'param-list-index',
      { registries: REGISTRIES, max: { type: 'integer', default: 3, description: 'A bound.' } },
      ir.call('allContainers', [ir.ref('spec')]),
      ir.compare(
        'lt',
        ir.length(ir.coalesce(ir.get(ir.ref('element'), 'ports'), ir.list([]))),
        ir.param('max'),
      ),
      ir.concat([
        ir.index(ir.param('registries'), ir.literal(0)),
        ir.literal(' '),
        ir.param('max'),
        ir.ref('element'),
      ]),
    ),
    rule(
      'param-scalars',
      {
        prefix: { type: 'string', default: 'registry/', description: 'A prefix.' },
        strict: { type: 'boolean', default: true, description: 'A switch.' },
      },
      ir.call('allContainers', [ir.ref('spec')]),
      ir.or([
        ir.not(ir.truthy('boolean', ir.param('strict'))),
        ir.compare('eq', ir.param('prefix'), image),
      ]),
      ir.concat([
        ir.param('prefix'),
        ir.literal(' '),
        ir.param('strict'),
        ir.literal(' '),
        ir.literal(7),
      ]),
    ),
  ];
}
