/**
 * Builds the Rego module of one rule's ConstraintTemplate: Rego v0 with the future
 * keywords (`import future.keywords`; OPA 0.49+, accepted by Gatekeeper 3.12 and newer;
 * every rule already uses `if` and `contains`, so the module is also valid Rego v1
 * apart from its imports).
 *
 * Shape: `violation contains {…} if { not DELETE; some element; not kpc_ok(element) }` —
 * default-deny: an element passes only when its check evaluates to exactly `true`, so an
 * undefined value can never let a bad object through — plus, when the elements are not a
 * comprehension (which is an array for every input), a violation for an object whose
 * elements cannot be computed. The module holds exactly the definitions these rules
 * reference, transitively: the rule's own (`kpc_ok`, `kpc_message`, the target) and the
 * prelude helpers (prelude.ts), nothing else.
 */
import type { PodSpecLocation, RuleIR, SchemaType, SchemaTypeData } from '@kpc/ir';
import {
  childSchemaType,
  formatApiVersion,
  POD_SPEC_LOCATIONS,
  ruleRootSchemaTypes,
  UNKNOWN_TYPE,
} from '@kpc/ir';
import {
  type Binding,
  type Env,
  isBooleanNode,
  LoweringContext,
  lowerConcat,
  lowerList,
  lowerValue,
  typeOf,
} from './lower-rego.ts';
import {
  isTotalFunction,
  preludeDefinitions,
  preludeDeps,
  preludeEntryOf,
  preludeText,
  referencedNames,
} from './prelude.ts';
import { regoString } from './rego-string.ts';

/** Rego text of a JSON value (parameter defaults). */
function regoJson(v: unknown): string {
  if (typeof v === 'string') return regoString(v);
  if (Array.isArray(v)) return `[${v.map(regoJson).join(', ')}]`;
  return JSON.stringify(v);
}

/** What the module says about its rule, and the schema its lowering may assume. */
export interface RegoModuleOptions {
  /** The rule's title, for the header comment. */
  readonly title?: string;
  /** Where the rule is defined (CompileRuleInput.source), for the header comment. */
  readonly source?: string;
  /** Static types from the Kubernetes schema (CompileRuleInput.schemaTypes). */
  readonly schema?: SchemaTypeData;
}

const PARAM_TYPES: Readonly<Record<string, SchemaType>> = {
  string: { kind: 'string' },
  'string[]': { kind: 'list', element: { kind: 'string' } },
  integer: { kind: 'number' },
  boolean: { kind: 'boolean' },
};

const OBJECT = 'input.review.object';
const GVK = `[${OBJECT}.apiVersion, ${OBJECT}.kind]`;

/**
 * Produces the Rego module text for `ir`, in package `pkg`, with the pod spec table
 * `locations` (default the built-in kinds). Assumes checkCapabilities passed.
 */
export function buildRegoModule(
  ir: RuleIR,
  pkg: string,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
  options: RegoModuleOptions = {},
): string {
  const defaults = new Map(Object.entries(ir.params).map(([n, s]) => [n, regoJson(s.default)]));
  const paramTypes = new Map(
    Object.entries(ir.params).map(([n, s]) => [n, PARAM_TYPES[s.type] ?? UNKNOWN_TYPE]),
  );
  const ctx = new LoweringContext(defaults, paramTypes, options.schema);
  const podSpec = ir.target.kind === 'podSpec';
  const types = ruleRootSchemaTypes(options.schema, ir.target, locations);

  const root = (value: string, tracked: string, type: SchemaType): Binding => ({
    value,
    tracked,
    list: `kpc_t_items(${tracked})`,
    type,
    present: true,
  });
  const roots: [string, Binding][] = [
    ['object', root(OBJECT, `[${OBJECT}, []]`, types.object)],
    ['metadata', root('kpc_metadata', 'kpc_metadata_t', types.metadata)],
  ];
  if (podSpec) roots.push(['spec', root('kpc_spec', 'kpc_spec_t', types.spec ?? UNKNOWN_TYPE)]);
  const eachEnv: Env = new Map(roots);
  const elementType =
    ir.each === null
      ? podSpec
        ? (types.spec ?? UNKNOWN_TYPE)
        : types.object
      : childSchemaType(options.schema, typeOf(ir.each, eachEnv, ctx), 'element');
  const elementEnv: Env = new Map([
    ...roots,
    [
      'element',
      {
        value: 'el',
        tracked: '[el, null]',
        list: 'kpc_t_items([el, null])',
        type: elementType,
        present: ir.each === null,
      },
    ],
  ]);

  const elements =
    ir.each === null
      ? podSpec
        ? '[kpc_spec_t]'
        : `[[${OBJECT}, []]]`
      : lowerList(ir.each, eachEnv, ctx);
  // The check as hand-written Rego reads it: a top-level `||` is one definition of kpc_ok
  // per operand (the element passes when any holds), a `&&` one condition per line (each
  // must be exactly true). Empty operand lists keep the one-term form.
  const operands = (e: RuleIR['check'], op: 'and' | 'or') =>
    e.kind === 'logical' && e.op === op && e.operands.length > 0 ? e.operands : [e];
  const okDefinitions = operands(ir.check, 'or').map((d) => {
    const conditions = operands(d, 'and').map((c) => condition(c, lowerValue(c, elementEnv, ctx)));
    return conditions.length === 1
      ? `kpc_ok(el) if ${conditions[0]}`
      : ['kpc_ok(el) if {', ...conditions.map((c) => `  ${c}`), '}'].join('\n');
  });
  // A concat is a sprintf and a string literal is a string for every input; anything else is
  // checked, so that a wrongly typed value can never become a violation's msg.
  const messageIsString =
    ir.message.kind === 'concat' ||
    (ir.message.kind === 'literal' && typeof ir.message.value === 'string');
  const message =
    ir.message.kind === 'concat'
      ? lowerConcat(ir.message.parts, elementEnv, ctx)
      : lowerValue(ir.message, elementEnv, ctx);

  const id = regoString(ir.id);
  const defs: [string, string][] = [];
  const def = (name: string, text: string) => defs.push([name, text]);
  // A comprehension is an array for every input (an undefined source or condition only
  // leaves elements out, and each element's check is default-deny below), so the violation
  // for elements that cannot be computed is needed only when they are built otherwise.
  const elementsAlwaysArray =
    ir.each === null || elements === 'kpc_containers' || isComprehension(elements);
  // The pod spec's containers (kpc_containers) are read directly: an array for every input,
  // and empty for a kind without a pod spec (kpc_spec is {} and kpc_spec_path undefined,
  // which leaves every path undefined), so they need no kpc_applies. Each is a map at a path
  // from the object when the schema types say so (the API server sends no other): its
  // details.path is then that path's pointer, without kpc_pointer's fallback, and joined
  // directly when no token of any spec path needs escaping (the index is formatted already).
  const direct = elements === 'kpc_containers';
  const plainTokens = locations.every((l) => l.specPath.every((k) => !/[~/]/.test(k)));
  const pointer =
    direct && ['object', 'map', 'list'].includes(elementType.kind)
      ? plainTokens
        ? 'concat("/", array.concat([""], t[1]))'
        : 'kpc_path_pointer(t[1])'
      : 'kpc_pointer(t)';
  def(
    'violation',
    [
      `violation contains {"msg": kpc_message(t[0]), "details": {"rule": ${id}, "path": ${pointer}, "element": i}} if {`,
      '  not input.review.operation == "DELETE"',
      `  some i, t in ${direct ? elements : 'kpc_elements'}`,
      '  not kpc_ok(t[0])',
      '}',
      ...(elementsAlwaysArray
        ? []
        : [
            '',
            `violation contains {"msg": ${regoString(`rule ${ir.id} could not be evaluated on this object`)}, "details": {"rule": ${id}, "path": "", "error": true}} if {`,
            '  not input.review.operation == "DELETE"',
            '  kpc_applies',
            '  not is_array(kpc_elements)',
            '}',
          ]),
    ].join('\n'),
  );
  const usesMetadata = [elements, message, ...okDefinitions].some((t) =>
    [...referencedNames(t)].some((n) => n === 'kpc_metadata' || n === 'kpc_metadata_t'),
  );
  if (podSpec) podSpecTarget(def, locations, usesMetadata);
  else resourceTarget(def, ir);
  def('kpc_elements', `kpc_elements := ${elements} if kpc_applies`);
  def('kpc_ok', okDefinitions.join('\n\n'));
  // A message that is a string and has a value for every element is one line; else the
  // fallback keeps a violation from losing its msg (which would drop the violation).
  def(
    'kpc_message',
    messageIsString && isTotalTerm(message)
      ? `kpc_message(el) := ${message}`
      : [
          'kpc_message(el) := m if {',
          `  m := ${message}`,
          ...(messageIsString ? [] : ['  is_string(m)']),
          `} else := ${regoString(`rule ${ir.id}: element does not pass`)}`,
        ].join('\n'),
  );

  // Keep exactly what the violation rules reach: the rule's definitions by a scan of their
  // text, the prelude by its declared dependencies (prelude.ts; the tests check them).
  const own = new Map(defs);
  const reached = new Set<string>();
  const prelude = new Set<string>();
  const visit = (text: string) => {
    for (const name of referencedNames(text)) {
      if (own.has(name)) {
        if (reached.has(name)) continue;
        reached.add(name);
        visit(own.get(name)!);
      } else {
        const entry = preludeEntryOf(name);
        if (entry === undefined || prelude.has(entry)) continue;
        prelude.add(entry);
        // The prelude may read the module's own names (MODULE_NAMES), and its dependencies.
        for (const d of preludeDeps(entry)) visit(d);
        visit(preludeText(entry));
      }
    }
  };
  reached.add('violation');
  visit(own.get('violation')!);

  const header = [
    `package ${pkg}`,
    '',
    // Every future keyword (contains, if, in, every): OPA 0.42+, Gatekeeper 3.12+.
    'import future.keywords',
    '',
    `# kpc rule ${ir.id}${options.source === undefined ? '' : ` in ${oneLine(options.source)}`} (generated from its IR, version ${ir.irVersion})${options.title === undefined ? '' : `: ${oneLine(options.title)}`}`,
    ...(elementsAlwaysArray
      ? [
          '# Fail closed: an element passes only if kpc_ok is exactly true; deletes are never reported.',
        ]
      : [
          '# Fail closed: an element passes only when kpc_ok is exactly true (undefined is a violation),',
          '# an object whose elements cannot be computed is reported, and deleting an object never is.',
        ]),
  ].join('\n');
  const blocks = [
    ...defs.filter(([name]) => reached.has(name)).map(([, text]) => text),
    ...preludeDefinitions(prelude),
  ];
  return `${header}\n${joinBlocks(blocks)}\n`;
}

/** A comment-safe single line. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/**
 * Joins definitions with a blank line between them, except between two one-line
 * definitions without comments, which stay together as a group.
 */
export function joinBlocks(texts: readonly string[]): string {
  const blocks = texts.flatMap((t) => t.split('\n\n'));
  let out = '';
  blocks.forEach((b, i) => {
    const single = (x: string) => !x.includes('\n') && !x.startsWith('#');
    if (i > 0) out += single(b) && single(blocks[i - 1]!) ? '\n' : '\n\n';
    out += b;
  });
  return out;
}

/** A check operand as a rule-body condition: a boolean term as it is, any other `== true`. */
function condition(e: RuleIR['check'], term: string): string {
  if (!isBooleanNode(e)) return `${term} == true`;
  // A parenthesised comparison stands as it is.
  if (/^\(.*\)$/.test(term) && outerBracket(term).enclosing) return term.slice(1, -1);
  return term;
}

/**
 * Scans `t` outside string literals: whether its outer bracket encloses all of it
 * (`(a) == (b)` does not), and whether a `|` stands directly inside that bracket.
 */
function outerBracket(t: string): { enclosing: boolean; bar: boolean } {
  let depth = 0;
  let inString = false;
  let bar = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === '|' && depth === 1) bar = true;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0 && i < t.length - 1) return { enclosing: false, bar };
    }
  }
  return { enclosing: true, bar };
}

/** Names a total term may read: each has a value for every input an element exists for. */
const DEFINED_NAMES = new Set([
  'el',
  'input',
  'kpc_spec',
  'kpc_metadata',
  OBJECT,
  'null',
  'true',
  'false',
]);

/**
 * Whether the lowered term `t` has a value for every element, judged by its text,
 * conservatively: it calls only total prelude functions (isTotalFunction), `sprintf` of a
 * format string and an array literal, and `object.get` on `input` (the parameters); it reads
 * only DEFINED_NAMES; it builds arrays, sets and objects
 * and compares with `==` and `!=`; nothing else (no indexing, no dotted reference, no
 * arithmetic, no comprehension, no negative number). Anything else keeps the fallback.
 */
export function isTotalTerm(t: string): boolean {
  const code = t.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  const token = /\s+|""|[0-9]+(?:\.[0-9]+)?(?:[eE][0-9]+)?|[A-Za-z_][\w.]*|==|!=|[()[\]{},:]/y;
  let prev = '';
  for (let at = 0; at < code.length; ) {
    token.lastIndex = at;
    const m = token.exec(code);
    if (m === null) return false;
    const tok = m[0];
    at = token.lastIndex;
    if (/^\s/.test(tok)) continue;
    if (/^[A-Za-z_]/.test(tok)) {
      if (code[at] === '(') {
        const args = code.slice(at);
        const callable =
          // A format string and an array literal: sprintf has a value for any elements.
          (tok === 'sprintf' && /^\(\s*""\s*,\s*\[/.test(args)) ||
          (tok === 'object.get' && /^\(\s*input\s*,/.test(args)) ||
          isTotalFunction(tok);
        if (!callable) return false;
      } else if (!DEFINED_NAMES.has(tok)) return false;
    }
    // An index (`x[0]`, `f(x)[0]`, `{…}[k]`) may have no value; an array literal follows
    // `(`, `,`, `[`, `:` or nothing.
    if (tok === '[' && prev !== '' && !['(', ',', '[', ':'].includes(prev)) return false;
    prev = tok;
  }
  return true;
}

/** Whether the term `t` is one array comprehension `[… | …]` (not, say, `[a] + [b]`). */
function isComprehension(t: string): boolean {
  if (!t.startsWith('[')) return false;
  const o = outerBracket(t);
  return o.enclosing && o.bar;
}

type Def = (name: string, text: string) => void;

function podSpecTarget(
  def: Def,
  locations: readonly PodSpecLocation[],
  withMetadata: boolean,
): void {
  // One definition (an else chain; each branch's body in braces, which OPA's parser needs
  // before an `else` on the next line), grouped by location: a rule assigned with `:=` must not
  // have several definitions (OPA's compiler rejected that as "rule named ... redeclared"
  // before the ref-head rework of checkRuleConflicts). The value is the spec path, or the
  // [spec path, metadata path] pair when the rule reads the pods' metadata.
  const path = (p: readonly string[]) => `[${p.map(regoString).join(', ')}]`;
  const locationValue = (l: PodSpecLocation) =>
    withMetadata ? `[${path(l.specPath)}, ${path(l.metadataPath)}]` : path(l.specPath);
  // The first location of a kind wins, and no kind is listed twice. Exact kinds are one
  // object literal indexed by apiVersion, then kind (undefined for any other kind); the
  // custom kinds of config podTemplates, matched by [group, kind], follow in an else chain.
  const exact = new Map<string, Map<string, string>>();
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const l of locations) {
    if (l.gvk.version !== '*') {
      const apiVersion = formatApiVersion(l.gvk);
      const kinds = exact.get(apiVersion) ?? new Map<string, string>();
      if (!kinds.has(l.gvk.kind)) kinds.set(l.gvk.kind, locationValue(l));
      exact.set(apiVersion, kinds);
      continue;
    }
    const key = `[${regoString(l.gvk.group)}, ${regoString(l.gvk.kind)}]`;
    if (seen.has(key)) continue;
    seen.add(key);
    groups.set(locationValue(l), [...(groups.get(locationValue(l)) ?? []), key]);
  }
  const table = `{${[...exact]
    .map(
      ([v, kinds]) =>
        `${regoString(v)}: {${[...kinds].map(([k, value]) => `${regoString(k)}: ${value}`).join(', ')}}`,
    )
    .join(', ')}}[${OBJECT}.apiVersion][${OBJECT}.kind]`;
  const branches = [...groups].map(
    ([value, keys]) => `${value} if { kpc_group_kind in {${keys.join(', ')}} }`,
  );
  const name = withMetadata ? 'kpc_location' : 'kpc_spec_path';
  const what = withMetadata ? "[pod spec path, pods' metadata path]" : 'the pod spec path';
  def(
    name,
    [
      `# Per apiVersion and kind${branches.length > 0 ? ' (custom kinds of config podTemplates: [group, kind])' : ''}: ${what}.`,
      ...(branches.length === 0
        ? [`${name} := ${table}`]
        : [`${name} := x if { x := ${table} }`, ...branches.map((b) => `else := ${b}`)]),
    ].join('\n'),
  );
  def(
    'kpc_group_kind',
    [
      '# The group is what precedes the first "/" of apiVersion.',
      `kpc_group_kind := [split(${OBJECT}.apiVersion, "/")[0], ${OBJECT}.kind] if {`,
      `  is_string(${OBJECT}.apiVersion)`,
      `  contains(${OBJECT}.apiVersion, "/")`,
      '}',
    ].join('\n'),
  );
  if (withMetadata) {
    def('kpc_spec_path', 'kpc_spec_path := kpc_location[0]');
    def('kpc_metadata_path', 'kpc_metadata_path := kpc_location[1]');
  }
  def('kpc_applies', 'kpc_applies if is_array(kpc_spec_path)');
  // The roots: a missing or non-map pod spec or metadata reads as {}, as natively; the
  // tracked form's path is then null (the pointer falls back to the target's).
  const raw = (p: string) => `object.get(${OBJECT}, ${p}, null)`;
  for (const [root, p] of [
    ['kpc_spec', 'kpc_spec_path'],
    ['kpc_metadata', 'kpc_metadata_path'],
  ] as const) {
    def(root, `${root} := x if { x := ${raw(p)}; is_object(x) } else := {}`);
    def(`${root}_t`, `${root}_t := [${root}, ${p}] if is_object(${raw(p)}) else := [{}, null]`);
  }
  def('kpc_default_pointer', 'kpc_default_pointer := kpc_path_pointer(kpc_spec_path)');
}

function resourceTarget(def: Def, ir: RuleIR): void {
  if (ir.target.kind !== 'resources') return;
  const gvks = [
    ...new Set(
      ir.target.resources.map((g) => `[${regoString(formatApiVersion(g))}, ${regoString(g.kind)}]`),
    ),
  ];
  def('kpc_applies', `kpc_applies if ${GVK} in {${gvks.join(', ')}}`);
  const raw = `object.get(${OBJECT}, "metadata", null)`;
  def('kpc_metadata', `kpc_metadata := x if { x := ${raw}; is_object(x) } else := {}`);
  def(
    'kpc_metadata_t',
    `kpc_metadata_t := [kpc_metadata, ["metadata"]] if is_object(${raw}) else := [{}, null]`,
  );
  def('kpc_default_pointer', 'kpc_default_pointer := ""');
}
