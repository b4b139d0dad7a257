/**
 * Exceptions folded into a rule's IR (docs/exceptions.md#one-encoding-in-the-policy-itself): the one encoding the
 * backends share where an engine has no exception object that says the same thing (the
 * ValidatingAdmissionPolicy target, Gatekeeper beyond whole-namespace excludes, Kyverno for
 * `images` and what a kyverno.io/v2 PolicyException reads differently). The guarded rule, evaluated by the IR interpreter (and so by every backend that
 * lowers the IR exactly), reports exactly the violations `kpc lint` reports with the
 * exceptions applied (@kpc/core exceptionFor): the same (object, rule, container) triples are
 * exempted.
 *
 * - An exception without `images` exempts whole objects: the check becomes
 *   `selects(object) || check`.
 * - An exception with `images` exempts only the findings that lie inside a container whose
 *   image matches. Where that container is depends on the element's place in the manifest,
 *   which the guard knows only for the `each` shapes it recognises: the containers of the pod
 *   spec (`allContainers(spec)`, `spec.containers`, … through `??  []` and `filter`), elements
 *   under one container (`allContainers(spec).flatMap(c => c.ports ?? [])`), and elements that
 *   are never inside a container (no `each`, `spec.volumes`, label keys, a kind without a pod
 *   spec). Offending containers of an exempted image are filtered out of `each`. Any other
 *   `each` is refused, and so are image globs with `?` where the engine's regular expressions
 *   count code points (CEL), not UTF-16 code units as kpc's glob does.
 *
 * Never throws; a refused exception is returned with the reason, and the rule is then guarded
 * without it (stricter than lint for its objects, never weaker).
 */
import {
  type Diagnostic,
  diagnostic,
  type Expr,
  evaluateRuleIR,
  ir,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  type RuleIR,
  type ValidatedRuleIR,
  validateRuleIR,
} from '@kpc/ir';
import type { CompileException } from './backend.ts';

/** An exception the guard cannot fold into the rule, and why. */
export interface GuardRefusal {
  readonly exception: CompileException;
  readonly reason: string;
}

export interface GuardOptions {
  /**
   * True when the engine's regular expressions match code points (RE2 in CEL), so that `?`
   * (one UTF-16 code unit in kpc) differs on characters above U+FFFF in images. Names and
   * namespaces are ASCII wherever an admission engine sees them.
   */
  readonly codePointRegex?: boolean;
  /**
   * Whether the engine lowers a rule exactly (its capability check). When it accepts the
   * rule but not the guarded rule (a literal it cannot write, say), every exception is
   * refused and the rule is left as it was: never a rule that fails to compile because of
   * an exception.
   */
  readonly accepts?: (ir: ValidatedRuleIR) => boolean;
  /**
   * Where pod specs live (the compile input's `podSpecLocations`): a resource rule over one
   * of these kinds can report elements inside its containers. Default the built-in kinds.
   */
  readonly podSpecLocations?: readonly PodSpecLocation[];
}

export interface GuardResult {
  /** The rule with the exceptions folded in (the input itself when nothing was folded). */
  readonly ir: ValidatedRuleIR;
  /** The exceptions folded in, in input order. */
  readonly guarded: readonly CompileException[];
  readonly refused: readonly GuardRefusal[];
}

const REGEX_META = /[\\.+*?()|[\]{}^$]/g;

/**
 * A regular expression (JavaScript without flags, and RE2) that matches exactly what
 * `globMatch(glob, ·)` does on strings within the Basic Multilingual Plane: `*` is any run,
 * `?` any one character (`anyChar`, default `[\d\D]`, which kpc's regex translators
 * accept), everything else itself.
 */
export function globToRegex(glob: string, anyChar = '[\\d\\D]'): string {
  let out = '^';
  for (const c of glob)
    out += c === '*' ? `${anyChar}*` : c === '?' ? anyChar : c.replace(REGEX_META, '\\$&');
  return `${out}$`;
}

/** The IR test `globMatch(glob, subject)`: false when the subject is not a string. */
export function globTest(glob: string, subject: Expr): Expr {
  if (!glob.includes('*') && !glob.includes('?'))
    return ir.compare('eq', subject, ir.literal(glob));
  const star = glob.indexOf('*');
  if (!glob.includes('?') && star === glob.length - 1)
    return ir.stringTest('startsWith', subject, ir.literal(glob.slice(0, -1)));
  return ir.regexTest(globToRegex(glob), subject);
}

const objectMeta = (field: string): Expr => ir.get(ir.get(ir.ref('object'), 'metadata'), field);
const all = (xs: readonly Expr[]): Expr => (xs.length === 1 ? xs[0]! : ir.and(xs));
const any = (xs: readonly Expr[]): Expr => (xs.length === 1 ? xs[0]! : ir.or(xs));

/**
 * The IR test "the exception's object selectors (resources, namespaces, labels) match the
 * reviewed object", over the `object` root, with @kpc/core `selectsObject`'s meaning; `true`
 * when it has none.
 */
export function selectorTest(e: CompileException): Expr {
  const ns = objectMeta('namespace');
  const parts: Expr[] = [];
  if (e.resources !== undefined)
    parts.push(
      any(
        e.resources.map((r) => {
          const terms: Expr[] = [];
          if (r.kind !== undefined)
            terms.push(ir.compare('eq', ir.get(ir.ref('object'), 'kind'), ir.literal(r.kind)));
          if (r.namespace !== undefined) terms.push(ir.compare('eq', ns, ir.literal(r.namespace)));
          if (r.name !== undefined) terms.push(globTest(r.name, objectMeta('name')));
          return terms.length === 0 ? ir.literal(true) : all(terms);
        }),
      ),
    );
  // A cluster-scoped object (no namespace, or an empty one) never matches a namespace glob.
  if (e.namespaces !== undefined)
    parts.push(ir.and([ir.truthy('string', ns), any(e.namespaces.map((p) => globTest(p, ns)))]));
  for (const [k, v] of Object.entries(e.labels ?? {}))
    parts.push(ir.compare('eq', ir.get(objectMeta('labels'), k), ir.literal(v)));
  return parts.length === 0 ? ir.literal(true) : all(parts);
}

/** Where the elements of a list expression lie in the manifest, as far as the guard can tell. */
type Place =
  | 'none' // no elements (an empty list literal)
  | 'containers' // each element is itself a container of the pod spec (or not from it)
  | 'outside' // no element lies inside a container
  | 'unknown';

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function join(a: Place, b: Place): Place {
  if (a === 'none') return b;
  if (b === 'none') return a;
  return a === b ? a : 'unknown';
}

/** Where the items of `e` lie; `spec` is the pod spec root (podSpec rules only). */
function placeOf(e: Expr, podSpec: boolean): Place {
  switch (e.kind) {
    case 'list':
      return e.items.length === 0 ? 'none' : 'unknown';
    case 'call':
      return podSpec && e.helper === 'allContainers' && isRef(e.args[0], 'spec')
        ? 'containers'
        : 'unknown';
    case 'objectView':
      // Keys are strings, never inside the manifest.
      return e.op === 'keys' ? 'outside' : 'unknown';
    case 'coalesce':
      return join(placeOf(e.left, podSpec), placeOf(e.right, podSpec));
    case 'listConcat':
      return e.lists.map((l) => placeOf(l, podSpec)).reduce(join, 'none');
    case 'comprehension':
      return e.op === 'filter' ? placeOf(e.list, podSpec) : 'unknown';
    case 'get': {
      const path = rootPath(e);
      if (path === undefined || !podSpec) return 'unknown';
      if (path.root === 'spec')
        return path.keys.length === 1 && CONTAINER_LISTS.has(path.keys[0]!)
          ? 'containers'
          : CONTAINER_LISTS.has(path.keys[0]!)
            ? 'unknown'
            : 'outside';
      // The pods' metadata is never inside a container.
      return path.root === 'metadata' ? 'outside' : 'unknown';
    }
    default:
      return 'unknown';
  }
}

function isRef(e: Expr | undefined, name: string): boolean {
  return e !== undefined && e.kind === 'ref' && e.name === name;
}

/** `root.k1.k2…` as its root name and keys, or undefined for any other expression. */
function rootPath(e: Expr): { root: string; keys: string[] } | undefined {
  const keys: string[] = [];
  let cur = e;
  while (cur.kind === 'get') {
    keys.unshift(cur.key);
    cur = cur.object;
  }
  return cur.kind === 'ref' ? { root: cur.name, keys } : undefined;
}

/** True when `e` is `v.k1.k2…` (through `?? []` and `filter`): its items lie under `v`. */
function isPathUnder(e: Expr, v: string): boolean {
  switch (e.kind) {
    case 'get': {
      const p = rootPath(e);
      return p !== undefined && p.root === v;
    }
    case 'coalesce':
      return (
        isPathUnder(e.left, v) &&
        (isPathUnder(e.right, v) || (e.right.kind === 'list' && e.right.items.length === 0))
      );
    case 'comprehension':
      return e.op === 'filter' && isPathUnder(e.list, v);
    default:
      return false;
  }
}

/** All names bound anywhere in the rule, so that the guard's own variables are fresh. */
function boundNames(ir: RuleIR): Set<string> {
  const names = new Set<string>(['object', 'metadata', 'spec', 'element']);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object') {
      const n = v as Record<string, unknown>;
      if (n.kind === 'comprehension' && typeof n.variable === 'string') names.add(n.variable);
      if (n.kind === 'let' && typeof n.name === 'string') names.add(n.name);
      for (const x of Object.values(n)) walk(x);
    }
  };
  walk([ir.each, ir.check, ir.message]);
  return names;
}

/** The top-level segments of `each`, as eachSegments in @kpc/cel splits them. */
function segments(each: Expr): Expr[] {
  return each.kind === 'listConcat' ? each.lists.flatMap(segments) : [each];
}

/**
 * True when no element of the rule can lie inside a container: no `each` (the element is
 * the pod spec or the object), or a resource rule over kinds without a pod spec.
 */
function neverInContainer(ir: RuleIR, options: GuardOptions): boolean {
  if (ir.each === null) return true;
  if (ir.target.kind === 'podSpec') return false;
  const locations = options.podSpecLocations ?? POD_SPEC_LOCATIONS;
  const podKinds = new Set(locations.map((l) => l.gvk.kind));
  return ir.target.resources.every((k) => k.kind !== '*' && !podKinds.has(k.kind));
}

/** Why an image exception cannot be folded into `ir`, or undefined when it can. */
function imageRefusal(ir: RuleIR, e: CompileException, options: GuardOptions): string | undefined {
  if (options.codePointRegex === true && e.images!.some((p) => p.includes('?')))
    return 'an image glob contains `?`, which matches one UTF-16 code unit in kpc and one code point in CEL (they differ on characters above U+FFFF); use `*`';
  if (neverInContainer(ir, options)) return undefined;
  for (const seg of segments(ir.each!)) {
    if (seg.kind === 'comprehension' && seg.op === 'flatMap') {
      const outer = placeOf(seg.list, ir.target.kind === 'podSpec');
      if (outer === 'none' || outer === 'outside') continue;
      if (outer === 'containers' && isPathUnder(seg.body, seg.variable)) continue;
      return 'the rule flattens elements the compiler cannot place inside or outside a container';
    }
    if (placeOf(seg, ir.target.kind === 'podSpec') === 'unknown')
      return 'the rule checks elements the compiler cannot place inside or outside a container (it recognises the containers of the pod spec, elements under one container, and elements outside every container)';
  }
  return undefined;
}

/**
 * Folds `exceptions` into `ir` (see the module comment). The exceptions must all be for this
 * rule and active. Deterministic: the same input gives the same IR.
 */
export function guardRuleIR(
  ir: ValidatedRuleIR,
  exceptions: readonly CompileException[],
  options: GuardOptions = {},
): GuardResult {
  const refused: GuardRefusal[] = [];
  const whole: CompileException[] = [];
  const byImage: CompileException[] = [];
  for (const e of exceptions) {
    if (e.images === undefined) {
      whole.push(e);
      continue;
    }
    const why = imageRefusal(ir, e, options);
    if (why !== undefined) refused.push({ exception: e, reason: why });
    else byImage.push(e);
  }
  const guarded = exceptions.filter((e) => whole.includes(e) || byImage.includes(e));
  if (guarded.length === 0) return { ir, guarded, refused };
  // The folded rule is validated like any other: a backend only lowers validated IR.
  const out = validateRuleIR(foldIn(ir, whole, byImage, neverInContainer(ir, options))).ir;
  const accepts = options.accepts ?? (() => true);
  if (out === undefined || (accepts(ir) && !accepts(out)))
    return {
      ir,
      guarded: [],
      refused: [
        ...refused,
        ...guarded.map((exception) => ({
          exception,
          reason:
            out === undefined
              ? 'internal error: the rule with the exception folded in is not valid IR'
              : 'the engine cannot evaluate its selectors exactly (a name, label or glob it cannot write)',
        })),
      ],
    };
  return { ir: out, guarded, refused };
}

function foldIn(
  rule: RuleIR,
  whole: readonly CompileException[],
  byImage: readonly CompileException[],
  outsideContainers: boolean,
): RuleIR {
  const check = whole.length === 0 ? rule.check : ir.or([...whole.map(selectorTest), rule.check]);
  let each = rule.each;
  // Image exceptions exempt nothing where no element can lie inside a container.
  if (byImage.length > 0 && !outsideContainers) {
    const taken = boundNames(rule);
    const fresh = (base: string): string => {
      let n = base;
      for (let i = 2; taken.has(n); i++) n = `${base}${i}`;
      taken.add(n);
      return n;
    };
    /** True when container `c` has an image an exception (selecting the object) exempts. */
    const exemptImage = (c: Expr): Expr =>
      any(
        byImage.map((e) => {
          const image = any(e.images!.map((p) => globTest(p, ir.get(c, 'image'))));
          const sel = selectorTest(e);
          return sel.kind === 'literal' ? image : ir.and([sel, image]);
        }),
      );
    const podSpec = rule.target.kind === 'podSpec';
    const segs = segments(rule.each!);
    const rewrite = (seg: Expr): Expr => {
      if (seg.kind === 'comprehension' && seg.op === 'flatMap') {
        if (placeOf(seg.list, podSpec) !== 'containers') return seg;
        // Items under an exempted container that are maps or lists lie inside it (their
        // pointer does); scalar items point at the pod spec and stay.
        const x = fresh('kpcItem');
        const inside = ir.or([ir.truthy('object', ir.ref(x)), ir.truthy('list', ir.ref(x))]);
        const body = ir.comprehension(
          'filter',
          seg.body,
          x,
          ir.not(ir.and([exemptImage(ir.ref(seg.variable)), inside])),
        );
        return ir.comprehension('flatMap', seg.list, seg.variable, body, seg.span);
      }
      if (placeOf(seg, podSpec) !== 'containers') return seg;
      const c = fresh('kpcContainer');
      return ir.comprehension('filter', seg, c, ir.not(exemptImage(ir.ref(c))));
    };
    if (segs.length > 1 || rule.each!.kind === 'listConcat')
      each = ir.listConcat(segs.map(rewrite));
    else {
      const seg = segs[0]!;
      const out = rewrite(seg);
      // A lone `each` that is not a list fails the object (the IR's rule); `filter` would
      // turn it into no elements, so keep it as it is unless it is a list.
      each =
        out === seg || seg.kind === 'call' || seg.kind === 'comprehension'
          ? out
          : ir.cond(ir.truthy('list', seg), out, seg);
    }
  }
  return Object.freeze({ ...rule, check, each });
}

/**
 * True when the guard changes the verdict on `object` (an example): a generated test suite
 * must then leave it out, since its expectation was written without the exceptions.
 */
export function guardChangesVerdict(
  plain: RuleIR,
  guarded: RuleIR,
  object: unknown,
  params: Readonly<Record<string, unknown>>,
): boolean {
  if (plain === guarded) return false;
  const fails = (ir: RuleIR) => evaluateRuleIR(ir, object, params).violations.length > 0;
  return fails(plain) !== fails(guarded);
}

/**
 * The located EXC_NOT_COMPILED warning for an exception a backend does not encode for a rule:
 * the engine then judges those objects without it (stricter than lint, never weaker).
 */
export function exceptionNotCompiled(
  e: CompileException,
  ruleId: string,
  into: string,
  why: string,
  hint: string,
): Diagnostic {
  return diagnostic({
    code: 'EXC_NOT_COMPILED',
    severity: 'warning',
    ruleId,
    message: `exception "${e.id}" is not compiled into ${into} of rule ${ruleId}: ${why}; the policy judges those objects without it (stricter than kpc lint)`,
    hint,
    ...(e.location ? { location: e.location } : {}),
  });
}
