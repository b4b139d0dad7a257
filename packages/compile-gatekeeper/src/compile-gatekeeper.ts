/**
 * The Gatekeeper backend: Rule IR → ConstraintTemplate (Rego) + Constraint + gator suite.
 * A pure function: no I/O, no module-level caches, deterministic output.
 */

import {
  type BackendOutput,
  type CompileRuleInput,
  generatedHeader,
  type OutputFile,
  ruleHeader,
  validatedInputs,
} from '@kpc/compile';
import { deployRef, guardChangesVerdict, toYamlDocuments } from '@kpc/compile/internal';
import {
  type Diagnostic,
  diagnostic,
  parseApiVersion,
  type RuleExample,
  type RuleIR,
  referencedKinds,
} from '@kpc/ir';
import { parseAllDocuments } from 'yaml';
import { checkCapabilities } from './capabilities.ts';
import { exceptionEncoding } from './exceptions.ts';
import {
  constraintObject,
  type SuiteCase,
  type SuiteTest,
  suiteObject,
  templateObject,
} from './manifests.ts';
import { constraintKind, exampleSlug, templateName } from './naming.ts';
import { buildRegoModule } from './rego-module.ts';
import { CONFIG_FILE, configObject } from './sync.ts';

/** Options of `compileGatekeeper` (none yet; reserved for e.g. a CEL code block). */
export type CompileGatekeeperOptions = Record<never, never>;

/** The backend's name: its output directory and `--target`. */
export const GATEKEEPER = 'gatekeeper';

/**
 * The two parts of the deployable tree, applied in this order: a Constraint's kind exists
 * only once Gatekeeper has processed its ConstraintTemplate (docs/backends/gatekeeper.md,
 * "Files"). `templates/` also holds the other objects whose kinds come with Gatekeeper or
 * Ratify (the sync Config, external data Providers, Ratify's objects).
 */
export const GATEKEEPER_STAGES = ['templates', 'constraints'] as const;

/** Where a rule's (or image verification's) template is written in the deployable tree. */
export const templatePath = (id: string): string => `templates/${id}/template.yaml`;

/** Where a rule's (or image verification's) constraint is written in the deployable tree. */
export const constraintPath = (id: string): string => `constraints/${id}/constraint.yaml`;

/** The command users run to regenerate the output, quoted in every file header. */
export const REGENERATE = 'kpc compile --target gatekeeper --out <dir>';

// Kubernetes object names: DNS subdomain, and Gatekeeper's limit on constraint names.
const MAX_NAME = 63;

/**
 * Compiles each rule into `templates/<rule-id>/template.yaml` and
 * `constraints/<rule-id>/constraint.yaml` (the
 * deployable tree) and, in the test tree, `<rule-id>/suite.yaml`, suite constraints and
 * `<rule-id>/samples/{allowed,disallowed}/<example>.yaml`.
 * A rule whose IR uses a construct the backend cannot lower yields GK_UNSUPPORTED (or
 * IR_INVALID) diagnostics and no files at all: never a weaker policy. Never throws.
 */
export function compileGatekeeper(
  inputs: readonly CompileRuleInput[],
  _options: CompileGatekeeperOptions = {},
): BackendOutput {
  const files: OutputFile[] = [];
  const checked = validatedInputs(inputs);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  const seen = new Map<string, string>();
  for (const input of checked.inputs) {
    const id = input.ir.id;
    const problems = checkCapabilities(input.ir);
    const kind = typeof id === 'string' ? constraintKind(id) : '';
    if (problems.length === 0) {
      if (id.length > MAX_NAME || kind.length > MAX_NAME)
        problems.push(gkSchema(id, `the rule id is longer than ${MAX_NAME - 3} characters`));
      const other = seen.get(kind.toLowerCase());
      if (other !== undefined)
        problems.push(
          gkSchema(
            id,
            `rules ${other} and ${id} map to the same template name ${kind.toLowerCase()}`,
          ),
        );
      seen.set(kind.toLowerCase(), id);
    }
    diagnostics.push(...problems);
    if (problems.some((d) => d.severity === 'error')) continue;
    try {
      const exc = exceptionEncoding(input);
      const out = compileOne(
        {
          ...input,
          ir: exc.ir,
          ...(exc.excludedNamespaces.length === 0
            ? {}
            : { excludedNamespaces: [...input.excludedNamespaces, ...exc.excludedNamespaces] }),
        },
        input.ir,
      );
      files.push(...out.files);
      diagnostics.push(...out.diagnostics, ...exc.diagnostics);
    } catch (error) {
      diagnostics.push(
        diagnostic({
          code: 'INTERNAL',
          severity: 'error',
          ruleId: id,
          message: `rule ${id}: the gatekeeper backend failed: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'This is a bug in kpc; please report it with the rule.',
        }),
      );
    }
  }
  // The kinds referential rules read, synced into data.inventory by the one Config of the
  // cluster (merged across rules; only rules that compiled contribute).
  const failed = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId));
  const referential = checked.inputs.filter(
    (i) => !failed.has(i.ir.id) && referencedKinds(i.ir).length > 0,
  );
  if (referential.length > 0)
    files.push({
      path: CONFIG_FILE,
      content: toYamlDocuments(`${generatedHeader(undefined, REGENERATE)}${CONFIG_NOTE}`, [
        configObject(
          referential.flatMap((i) => referencedKinds(i.ir)),
          referential.map((i) => i.ir.id),
        ),
      ]),
    });
  return { files, diagnostics };
}

/** Said in the Config's file: it replaces the cluster's one Config (docs/backends/gatekeeper.md). */
const CONFIG_NOTE =
  '# Gatekeeper reads one Config per cluster (config in gatekeeper-system). This one syncs\n' +
  '# the kinds the referential rules read into data.inventory. If you keep a Config of your\n' +
  '# own, merge these syncOnly entries into it and drop this object with a kustomize overlay.\n';

function gkSchema(ruleId: string, message: string): Diagnostic {
  return diagnostic({
    code: 'GK_SCHEMA',
    severity: 'error',
    ruleId,
    message: `rule ${ruleId}: ${message}`,
    hint: 'Choose a shorter, distinct rule id.',
  });
}

/**
 * Compiles one rule; `input.ir` may carry folded-in exceptions, `plain` is the rule without
 * them (an example they exempt is left out of the suite, written as it is without them).
 */
function compileOne(
  input: CompileRuleInput,
  plain: RuleIR,
): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  const { ir } = input;
  const id = ir.id;
  const header = ruleHeader(input, REGENERATE);
  const rego = buildRegoModule(ir, templateName(id), input.podSpecLocations, {
    title: input.meta.title,
    ...(input.source !== undefined ? { source: input.source } : {}),
    ...(input.schemaTypes !== undefined ? { schema: input.schemaTypes } : {}),
  });
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  files.push({
    path: templatePath(id),
    content: toYamlDocuments(header, [templateObject(input, rego)]),
  });
  const constraint = constraintObject(input);
  files.push({ path: constraintPath(id), content: toYamlDocuments(header, [constraint]) });

  // The suite checks the rule's examples, which are written for the default parameters
  // (or their own `params`), without namespace exclusions, and counted whatever the
  // enforcement action: when the configured constraint differs, a test gets its own
  // constraint with those settings.
  const groups = new Map<string, SuiteTest>();
  const constraintFiles = new Map<SuiteTest, OutputFile>();
  const testFor = (params: Readonly<Record<string, unknown>> | undefined): SuiteTest => {
    const values: Record<string, unknown> = {};
    for (const [n, spec] of Object.entries(ir.params))
      values[n] = params !== undefined && Object.hasOwn(params, n) ? params[n] : spec.default;
    const key = JSON.stringify(values);
    let test = groups.get(key);
    if (test === undefined) {
      const settings = {
        ...input,
        action: 'enforce',
        excludedNamespaces: [],
        params: values as CompileRuleInput['params'],
      } as const;
      const n = groups.size;
      let file: OutputFile | undefined;
      if (JSON.stringify(constraintObject(settings)) !== JSON.stringify(constraint)) {
        // Its own name, so that it can never replace the deployed constraint.
        const name = suiteConstraintName(id, n);
        file = {
          path: `${id}/${n === 0 ? 'suite-constraint.yaml' : `suite-constraint-${n + 1}.yaml`}`,
          content: toYamlDocuments(
            `${header}# The constraint gator verify uses for the rule's examples: deny, no exclusions.\n`,
            [constraintObject(settings, name)],
          ),
          tree: 'test',
        };
      }
      const suiteFile = `${id}/suite.yaml`;
      const constraintFile =
        file === undefined
          ? deployRef(GATEKEEPER, suiteFile, constraintPath(id))
          : file.path.slice(id.length + 1);
      test = { name: n === 0 ? id : `${id}-${n + 1}`, constraint: constraintFile, cases: [] };
      if (file !== undefined) constraintFiles.set(test, file);
      groups.set(key, test);
    }
    return test;
  };
  testFor(undefined);

  const used = new Set<string>();
  // A referential rule's case carries its inventory: the example's object set (the objects of
  // its `cluster` and the example itself, as kpc lint sees it), which gator verify loads into
  // data.inventory before it reviews the object.
  const referential = referencedKinds(ir).length > 0;
  const addSample = (
    test: SuiteTest,
    dir: 'allowed' | 'disallowed',
    name: string,
    object: unknown,
    violations: SuiteCase['violations'],
    note?: string,
    cluster: readonly unknown[] = [],
  ) => {
    let slug = exampleSlug(name);
    for (let n = 2; used.has(`${dir}/${slug}`); n++) slug = `${exampleSlug(name)}-${n}`;
    used.add(`${dir}/${slug}`);
    const path = `samples/${dir}/${slug}.yaml`;
    files.push({
      path: `${id}/${path}`,
      content: toYamlDocuments(`${header}${note ? `# ${note}\n` : ''}`, [object]),
      tree: 'test',
    });
    let inventory: string[] | undefined;
    if (referential) {
      const inv = `samples/${dir}/${slug}.inventory.yaml`;
      files.push({
        path: `${id}/${inv}`,
        content: toYamlDocuments(
          `${header}# The cluster of case ${slug}: gator verify loads these objects into data.inventory.\n`,
          [...cluster, ...(isReview(object) ? [] : [object])],
        ),
        tree: 'test',
      });
      inventory = [inv];
    }
    test.cases.push({
      name: slug,
      object: path,
      violations,
      ...(inventory === undefined ? {} : { inventory }),
    });
  };
  /** The objects of an example's `cluster` (YAML documents), or undefined when unreadable. */
  const clusterOf = (ex: RuleExample): unknown[] | undefined => {
    const text = (ex as { readonly cluster?: unknown }).cluster;
    if (typeof text !== 'string') return [];
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((d) => d.errors.length > 0)) {
      diagnostics.push(
        diagnostic({
          code: 'GK_SCHEMA',
          severity: 'warning',
          ruleId: id,
          message: `rule ${id}: the cluster of example "${ex.name}" is not valid YAML; the example is left out of the gator suite`,
          hint: "Give the example's cluster as valid YAML documents.",
        }),
      );
      return undefined;
    }
    return list.filter((d) => d.contents !== null).map((d) => d.toJS());
  };
  const parse = (ex: RuleExample): unknown => {
    const docs = parseAllDocuments(ex.yaml);
    const list = Array.isArray(docs) ? docs : [docs];
    const objects = list.filter((d) => d.contents !== null);
    if (list.some((d) => d.errors.length > 0) || objects.length !== 1) {
      diagnostics.push(
        diagnostic({
          code: 'GK_SCHEMA',
          severity: 'warning',
          ruleId: id,
          message: `rule ${id}: example "${ex.name}" is not exactly one YAML document; it is left out of the gator suite`,
          hint: 'Give each example one valid YAML document.',
        }),
      );
      return undefined;
    }
    return objects[0]!.toJS();
  };
  const exempted = (ex: RuleExample, obj: unknown): boolean =>
    guardChangesVerdict(plain, ir, obj, ex.params ?? {});
  for (const ex of input.examples.pass) {
    const obj = parse(ex);
    const cluster = clusterOf(ex);
    if (obj !== undefined && cluster !== undefined && !exempted(ex, obj))
      addSample(testFor(ex.params), 'allowed', ex.name, obj, 'no', undefined, cluster);
  }
  let deleteCase: { ex: RuleExample; object: unknown; cluster: unknown[] } | undefined;
  for (const ex of input.examples.fail) {
    const obj = parse(ex);
    const cluster = clusterOf(ex);
    if (obj === undefined || cluster === undefined || exempted(ex, obj)) continue;
    const n = ex.offending?.length ?? 0;
    addSample(
      testFor(ex.params),
      'disallowed',
      ex.name,
      obj,
      n > 0 ? n : 'yes',
      undefined,
      cluster,
    );
    deleteCase ??= { ex, object: obj, cluster };
  }
  if (deleteCase !== undefined) {
    addSample(
      testFor(deleteCase.ex.params),
      'allowed',
      `delete-${deleteCase.ex.name}`,
      deleteReview(deleteCase.object),
      'no',
      `DELETE of the failing example "${deleteCase.ex.name}": Gatekeeper reviews oldObject as object; removing it is never a violation.`,
      [...deleteCase.cluster, deleteCase.object],
    );
  }
  const withCases = [...groups.values()].filter((t) => t.cases.length > 0);
  const tests = withCases.length > 0 ? withCases : [...groups.values()].slice(0, 1);
  for (const t of tests) {
    const file = constraintFiles.get(t);
    if (file !== undefined) files.push(file);
  }
  files.push({
    path: `${id}/suite.yaml`,
    content: toYamlDocuments(`${header}# Run: gator verify <this folder>\n`, [
      suiteObject(id, deployRef(GATEKEEPER, `${id}/suite.yaml`, templatePath(id)), tests),
    ]),
    tree: 'test',
  });
  return { files, diagnostics };
}

/**
 * The name of the n-th suite constraint (0-based): never the rule id, which names the
 * deployed constraint of the same kind; at most 63 characters.
 */
export function suiteConstraintName(ruleId: string, n: number): string {
  const suffix = n === 0 ? '-suite' : `-suite-${n + 1}`;
  return `${ruleId.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

function isReview(o: unknown): boolean {
  return (o as { kind?: unknown } | null)?.kind === 'AdmissionReview';
}

/** An AdmissionReview that deletes `object` (gator verify accepts AdmissionReview cases). */
function deleteReview(object: unknown): unknown {
  const o = (object ?? {}) as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const { group, version } = parseApiVersion(
    typeof o.apiVersion === 'string' ? o.apiVersion : 'v1',
  );
  const kind = typeof o.kind === 'string' ? o.kind : 'Pod';
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : 'example';
  const namespace = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default';
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '00000000-0000-0000-0000-000000000001',
      kind: { group, version, kind },
      resource: { group, version, resource: plural(kind) },
      name,
      namespace,
      operation: 'DELETE',
      userInfo: { username: 'kpc-suite' },
      oldObject: object,
    },
  };
}

function plural(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}
