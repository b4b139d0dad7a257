/**
 * The Kubernetes objects for one rule: the ConstraintTemplate (templates.gatekeeper.sh/v1),
 * the Constraint (constraints.gatekeeper.sh/v1beta1) and the gator verify Suite
 * (test.gatekeeper.sh/v1alpha1). Plain objects with keys in output order.
 */
import type { CompileRuleInput } from '@kpc/compile';
import {
  controlRef,
  type GroupVersionKind,
  type ParamSpec,
  POD_SPEC_LOCATIONS,
  type RuleAction,
  referencedKinds,
} from '@kpc/ir';
import { constraintKind, templateName } from './naming.ts';
import { SYNC_ANNOTATION, syncAnnotationValue } from './sync.ts';

/** The Gatekeeper target every kpc template is written for. */
export const ADMISSION_TARGET = 'admission.k8s.gatekeeper.sh';

/** enforce → deny, audit → dryrun, warn → warn (Gatekeeper's enforcementAction values). */
export function enforcementAction(action: RuleAction): 'deny' | 'dryrun' | 'warn' {
  return action === 'enforce' ? 'deny' : action === 'audit' ? 'dryrun' : 'warn';
}

/** The OpenAPI v3 schema of one parameter. */
function paramSchema(spec: ParamSpec): Record<string, unknown> {
  const description = spec.description;
  switch (spec.type) {
    case 'string':
      return { type: 'string', description };
    case 'string[]':
      return { type: 'array', description, items: { type: 'string' } };
    case 'integer':
      return { type: 'integer', description };
    case 'boolean':
      return { type: 'boolean', description };
  }
}

/** The parameters' openAPIV3Schema, from the rule's typed parameters. */
export function parametersSchema(
  params: Readonly<Record<string, ParamSpec>>,
): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(params)) properties[name] = paramSchema(spec);
  return { type: 'object', properties };
}

/** The kinds a rule matches, grouped by API group in first-seen order. */
export function matchKinds(input: CompileRuleInput): { apiGroups: string[]; kinds: string[] }[] {
  const gvks: readonly GroupVersionKind[] =
    input.ir.target.kind === 'podSpec'
      ? (input.podSpecLocations ?? POD_SPEC_LOCATIONS).map((l) => l.gvk)
      : input.ir.target.resources;
  const groups = new Map<string, string[]>();
  for (const g of gvks) {
    const kinds = groups.get(g.group) ?? [];
    if (!kinds.includes(g.kind)) kinds.push(g.kind);
    groups.set(g.group, kinds);
  }
  return [...groups].map(([group, kinds]) => ({ apiGroups: [group], kinds }));
}

/** The ConstraintTemplate object. */
export function templateObject(input: CompileRuleInput, rego: string): Record<string, unknown> {
  const { ir, meta } = input;
  const annotations: Record<string, string> = { 'kpc.dev/rule': ir.id };
  annotations['kpc.dev/severity'] = meta.severity;
  const controls = meta.controls.map(controlRef).join(', ');
  if (controls !== '') annotations['kpc.dev/controls'] = controls;
  annotations['metadata.gatekeeper.sh/title'] = meta.title;
  annotations.description = meta.description;
  // A referential rule reads data.inventory: say which kinds must be synced (sync.ts).
  const reads = referencedKinds(ir);
  if (reads.length > 0) annotations[SYNC_ANNOTATION] = syncAnnotationValue(reads);
  const names = { kind: constraintKind(ir.id) };
  const crdSpec: Record<string, unknown> = { names };
  if (Object.keys(ir.params).length > 0)
    crdSpec.validation = { openAPIV3Schema: parametersSchema(ir.params) };
  return {
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: {
      name: templateName(ir.id),
      labels: { 'app.kubernetes.io/managed-by': 'kpc' },
      annotations,
    },
    spec: {
      crd: { spec: crdSpec },
      targets: [{ target: ADMISSION_TARGET, rego }],
    },
  };
}

/** The Constraint object that turns the template on, with config applied. */
export function constraintObject(
  input: CompileRuleInput,
  name: string = input.ir.id,
): Record<string, unknown> {
  const { ir } = input;
  const match: Record<string, unknown> = { kinds: matchKinds(input) };
  if (input.excludedNamespaces.length > 0)
    match.excludedNamespaces = [...new Set(input.excludedNamespaces)];
  const spec: Record<string, unknown> = {
    enforcementAction: enforcementAction(input.action),
    match,
  };
  const names = Object.keys(ir.params);
  if (names.length > 0) {
    const parameters: Record<string, unknown> = {};
    for (const name of names) {
      const v = Object.hasOwn(input.params, name) ? input.params[name] : ir.params[name]!.default;
      parameters[name] = Array.isArray(v) ? [...v] : v;
    }
    spec.parameters = parameters;
  }
  return {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: constraintKind(ir.id),
    metadata: {
      name,
      labels: { 'app.kubernetes.io/managed-by': 'kpc' },
      annotations: { 'kpc.dev/rule': ir.id },
    },
    spec,
  };
}

/** One gator case. */
export interface SuiteCase {
  readonly name: string;
  readonly object: string;
  /** Exact count, or 'yes' when the number of offending elements is not declared. */
  readonly violations: number | 'yes' | 'no';
  /** Files of objects gator puts into data.inventory first (referential rules). */
  readonly inventory?: readonly string[];
}

/** One gator test: a constraint and its cases. */
export interface SuiteTest {
  readonly name: string;
  readonly constraint: string;
  readonly cases: SuiteCase[];
}

/** The gator verify Suite object; `template` is the template's path from the suite. */
export function suiteObject(
  ruleId: string,
  template: string,
  tests: readonly SuiteTest[],
): Record<string, unknown> {
  return {
    kind: 'Suite',
    apiVersion: 'test.gatekeeper.sh/v1alpha1',
    metadata: { name: ruleId },
    tests: tests.map((t) => ({
      name: t.name,
      template,
      constraint: t.constraint,
      cases: t.cases.map((c) => ({
        name: c.name,
        object: c.object,
        ...(c.inventory === undefined ? {} : { inventory: [...c.inventory] }),
        assertions: [{ violations: c.violations }],
      })),
    })),
  };
}
