/**
 * A random-rule generator within the authoring subset. Rules are generated as IR, well
 * typed by construction: every expression carries its static type (the pod-spec and
 * container types of Kubernetes 1.33, as the rule's TypeScript would see them), so a
 * truthiness test is generated only on an optional value, an ordering comparison only
 * between numbers or strings that cannot be absent, a method call only on a receiver that
 * cannot be absent, and a string comparison only against a value the field can hold.
 *
 * The generated IR is in the frontend's canonical form (what the frontend produces from
 * the printed source): in a truthiness position (a check's result, an operand of `&&`,
 * `||`, `!`, a ternary's test, an `every`/`some`/`filter` body) a value that is not a
 * boolean IR node is wrapped in `truthy`; no `&&` directly inside `&&` (nor `||` in `||`);
 * template text parts merged; `let` only at the top of a function or comprehension body.
 */

import type { Expr } from '@kpc/ir';
import { IR_VERSION, ir, type ParamSpec, type RuleIR, type TruthyNode } from '@kpc/ir';
import fc from 'fast-check';
import { IMAGES } from './arb-pod-spec.ts';

/** A static type of the generator's model. Strings carry the values worth comparing with. */
type Ty =
  | { readonly k: 'bool' }
  | { readonly k: 'str'; readonly dom: readonly string[]; readonly union?: boolean }
  | { readonly k: 'num'; readonly dom: readonly number[] }
  | { readonly k: 'list'; readonly of: Ty }
  | { readonly k: 'obj'; readonly shape: ShapeName }
  | { readonly k: 'map'; readonly dom: readonly string[] };

/** An expression with its static type; `opt` when it may be absent. */
interface Typed {
  readonly e: Expr;
  readonly t: Ty;
  readonly opt: boolean;
}

const B: Ty = { k: 'bool' };
const S = (...dom: string[]): Ty => ({ k: 'str', dom });
/** A string field whose TypeScript type is a union of literals (e.g. `"Always" | "Never"`). */
const U = (...dom: string[]): Ty => ({ k: 'str', dom, union: true });
const N = (...dom: number[]): Ty => ({ k: 'num', dom });
const L = (of: Ty): Ty => ({ k: 'list', of });
const O = (shape: ShapeName): Ty => ({ k: 'obj', shape });

const CAPS = ['ALL', 'NET_BIND_SERVICE', 'SYS_ADMIN', 'all', 'NET_RAW'];

type ShapeName =
  | 'PodSpec'
  | 'Container'
  | 'SecurityContext'
  | 'Capabilities'
  | 'SeccompProfile'
  | 'PodSecurityContext'
  | 'Sysctl'
  | 'ContainerPort'
  | 'Volume'
  | 'HostPath'
  | 'ObjectMeta'
  | 'Workload'
  | 'Service'
  | 'ServiceSpec'
  | 'ServicePort'
  | 'ClusterRoleBinding'
  | 'Subject'
  | 'RoleRef';

/** Field → [type, optional?] for the part of the Kubernetes types the generator reads. */
const SHAPES: Readonly<Record<ShapeName, Readonly<Record<string, readonly [Ty, boolean]>>>> = {
  PodSpec: {
    containers: [L(O('Container')), false],
    initContainers: [L(O('Container')), true],
    hostNetwork: [B, true],
    hostPID: [B, true],
    hostIPC: [B, true],
    serviceAccountName: [S('default', 'admin'), true],
    automountServiceAccountToken: [B, true],
    securityContext: [O('PodSecurityContext'), true],
    volumes: [L(O('Volume')), true],
  },
  Container: {
    name: [S('app', 'web', 'sidecar-2', 'x'), false],
    image: [S(...IMAGES.slice(0, 6)), true],
    imagePullPolicy: [U('Always', 'IfNotPresent', 'Never'), true],
    securityContext: [O('SecurityContext'), true],
    ports: [L(O('ContainerPort')), true],
  },
  SecurityContext: {
    privileged: [B, true],
    runAsNonRoot: [B, true],
    allowPrivilegeEscalation: [B, true],
    readOnlyRootFilesystem: [B, true],
    runAsUser: [N(0, 1000), true],
    procMount: [U('Default', 'Unmasked'), true],
    capabilities: [O('Capabilities'), true],
    seccompProfile: [O('SeccompProfile'), true],
  },
  Capabilities: { add: [L(S(...CAPS)), true], drop: [L(S(...CAPS)), true] },
  SeccompProfile: {
    type: [U('RuntimeDefault', 'Localhost', 'Unconfined'), false],
    localhostProfile: [S('profiles/audit.json'), true],
  },
  PodSecurityContext: {
    runAsNonRoot: [B, true],
    runAsUser: [N(0, 1000), true],
    seccompProfile: [O('SeccompProfile'), true],
    sysctls: [L(O('Sysctl')), true],
  },
  Sysctl: {
    name: [S('kernel.shm_rmid_forced', 'net.core.somaxconn'), false],
    value: [S('0', '1'), false],
  },
  ContainerPort: {
    containerPort: [N(80, 8080), false],
    hostPort: [N(0, 80, 8080), true],
    protocol: [U('TCP', 'UDP'), true],
  },
  Volume: { name: [S('data', 'host'), false], hostPath: [O('HostPath'), true] },
  HostPath: { path: [S('/', '/etc', '/data'), false], type: [U('', 'Directory'), true] },
  ObjectMeta: {
    name: [S('web', 'api'), true],
    namespace: [S('default', 'kube-system'), true],
    labels: [{ k: 'map', dom: ['app', 'team', '9'] }, true],
    annotations: [
      {
        k: 'map',
        dom: ['container.apparmor.security.beta.kubernetes.io/app', 'example.com/owner'],
      },
      true,
    ],
  },
  Workload: { metadata: [O('ObjectMeta'), true] },
  Service: { metadata: [O('ObjectMeta'), true], spec: [O('ServiceSpec'), true] },
  ServiceSpec: {
    type: [U('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'), true],
    ports: [L(O('ServicePort')), true],
    externalIPs: [L(S('203.0.113.10')), true],
    externalName: [S('db.example.com'), true],
  },
  ServicePort: {
    port: [N(80, 443), false],
    nodePort: [N(30080), true],
    protocol: [U('TCP', 'UDP'), true],
  },
  ClusterRoleBinding: {
    metadata: [O('ObjectMeta'), true],
    roleRef: [O('RoleRef'), false],
    subjects: [L(O('Subject')), true],
  },
  Subject: {
    kind: [S('ServiceAccount', 'Group', 'User'), false],
    name: [S('system:anonymous', 'default', 'devs'), false],
    namespace: [S('default'), true],
  },
  RoleRef: { kind: [S('ClusterRole'), false], name: [S('cluster-admin', 'view'), false] },
};

const REGEXES = [
  '^registry\\.example\\.com',
  ':latest$',
  '^[a-z]+$',
  '@sha256:[a-f0-9]{64}$',
  'nginx',
];

/** Declared parameters the generator may use (a random subset is declared per rule). */
const PARAMS: Readonly<Record<string, ParamSpec>> = {
  allowedRegistries: {
    type: 'string[]',
    default: ['registry.example.com', 'docker.io'],
    description: 'Registries images may come from.',
  },
  requiredPrefix: {
    type: 'string',
    default: 'registry.example.com/',
    description: 'Image prefix.',
  },
  maxUser: { type: 'integer', default: 1000, description: 'A user id bound.' },
  strict: { type: 'boolean', default: true, description: 'A switch.' },
};

type G = fc.GeneratorValue;

function pick<T>(g: G, items: readonly T[]): T {
  return items[g(fc.integer, { min: 0, max: items.length - 1 })]!;
}

function chance(g: G, percent: number): boolean {
  return g(fc.integer, { min: 0, max: 99 }) < percent;
}

function truthyAs(t: Ty): TruthyNode['as'] {
  switch (t.k) {
    case 'bool':
      return 'boolean';
    case 'str':
      return 'string';
    case 'num':
      return 'number';
    case 'list':
      return 'list';
    default:
      return 'object';
  }
}

interface Var {
  readonly name: string;
  readonly t: Ty;
}

class RuleGen {
  private counter = 0;
  constructor(
    private readonly g: G,
    readonly params: ReadonlySet<string>,
  ) {}

  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** Every field path (up to `maxDepth` fields) from a variable whose type satisfies `want`. */
  paths(vars: readonly Var[], want: (t: Ty) => boolean, maxDepth = 3): Typed[] {
    const out: Typed[] = [];
    const walk = (cur: Typed, depth: number) => {
      if (want(cur.t) && cur.e.kind !== 'ref') out.push(cur);
      if (depth >= maxDepth || cur.t.k !== 'obj') return;
      for (const [key, [t, optional]] of Object.entries(SHAPES[cur.t.shape])) {
        walk({ e: ir.get(cur.e, key), t, opt: cur.opt || optional }, depth + 1);
      }
    };
    for (const v of vars) {
      walk({ e: ir.ref(v.name), t: v.t, opt: false }, 0);
      if (want(v.t) && v.t.k !== 'obj') out.push({ e: ir.ref(v.name), t: v.t, opt: false });
    }
    return out;
  }

  literalOf(t: Ty): Expr {
    if (t.k === 'bool') return ir.literal(chance(this.g, 50));
    if (t.k === 'num') return ir.literal(pick(this.g, [...t.dom, 1]));
    if (t.k === 'str') return ir.literal(pick(this.g, t.dom.length > 0 ? t.dom : ['x']));
    return ir.list([]);
  }

  /** A string that cannot be absent. */
  str(vars: readonly Var[], d: number): Typed {
    const choice = pick(this.g, d > 0 ? [0, 0, 0, 1, 2, 3, 4] : [0, 0, 1]);
    if (choice === 1)
      return { e: ir.literal(pick(this.g, ['web', 'x', ''])), t: S('web', 'x'), opt: false };
    if (choice === 2 && this.params.has('requiredPrefix'))
      return { e: ir.param('requiredPrefix'), t: S('registry.example.com/'), opt: false };
    if (choice === 3) {
      const image = this.imagePath(vars) ?? { e: ir.literal('nginx'), t: S('nginx'), opt: false };
      return {
        e: ir.call('imageRegistry', [this.nonOpt(image).e]),
        t: S('docker.io', 'registry.example.com', 'localhost'),
        opt: false,
      };
    }
    if (choice === 4) {
      const test = this.bool(vars, d - 1, undefined, true);
      const a = this.str(vars, d - 1);
      const b = this.str(vars, d - 1);
      const union = (a.t.k === 'str' && a.t.union) || (b.t.k === 'str' && b.t.union);
      const dom = [...(a.t.k === 'str' ? a.t.dom : []), ...(b.t.k === 'str' ? b.t.dom : [])];
      return { e: ir.cond(test, a.e, b.e), t: union ? U(...dom) : S(...dom), opt: false };
    }
    const candidates = this.paths(vars, (t) => t.k === 'str');
    if (candidates.length === 0) return { e: ir.literal('x'), t: S('x'), opt: false };
    return this.nonOpt(pick(this.g, candidates));
  }

  imagePath(vars: readonly Var[]): Typed | undefined {
    const images = this.paths(vars, (t) => t.k === 'str').filter(
      (p) => p.e.kind === 'get' && p.e.key === 'image',
    );
    return images.length > 0 ? pick(this.g, images) : undefined;
  }

  /** `x ?? <literal>` when `x` may be absent. */
  nonOpt(x: Typed): Typed {
    if (!x.opt) return x;
    return { e: ir.coalesce(x.e, this.literalOf(x.t)), t: x.t, opt: false };
  }

  /** A number that cannot be absent. */
  num(vars: readonly Var[], d: number): Typed {
    const choice = pick(this.g, d > 0 ? [0, 0, 1, 2] : [0, 1]);
    if (choice === 1 && this.params.has('maxUser'))
      return { e: ir.param('maxUser'), t: N(1000), opt: false };
    if (choice === 2) {
      if (chance(this.g, 30)) {
        // A string's length (UTF-16 code units, as JavaScript counts).
        return { e: ir.length(this.str(vars, d - 1).e), t: N(0, 3, 10), opt: false };
      }
      const l = this.list(vars, d - 1);
      return { e: ir.length(l.e), t: N(0, 1, 2), opt: false };
    }
    const candidates = this.paths(vars, (t) => t.k === 'num');
    if (candidates.length === 0) return { e: ir.literal(0), t: N(0), opt: false };
    return this.nonOpt(pick(this.g, candidates));
  }

  /** A list that cannot be absent; `of` constrains the item type's kind. */
  list(vars: readonly Var[], d: number, of?: 'obj' | 'str'): Typed {
    const options: (() => Typed | undefined)[] = [];
    const fromPaths = () => {
      const candidates = this.paths(
        vars,
        (t) => t.k === 'list' && (of === undefined || t.of.k === of),
      );
      if (candidates.length === 0) return undefined;
      const p = pick(this.g, candidates);
      return p.opt ? { e: ir.coalesce(p.e, ir.list([])), t: p.t, opt: false } : p;
    };
    options.push(fromPaths, fromPaths);
    if (of !== 'str' && vars.some((v) => v.name === 'spec')) {
      options.push(() => ({
        e: ir.call('allContainers', [ir.ref('spec')]),
        t: L(O('Container')),
        opt: false,
      }));
    }
    if (of !== 'obj' && this.params.has('allowedRegistries')) {
      options.push(() => ({
        e: ir.param('allowedRegistries'),
        t: L(S('registry.example.com', 'docker.io')),
        opt: false,
      }));
    }
    if (of !== 'obj') {
      options.push(() => {
        const maps = this.paths(vars, (t) => t.k === 'map');
        if (maps.length === 0) return undefined;
        const m = pick(this.g, maps);
        const op = pick(this.g, ['keys', 'values'] as const);
        const dom = m.t.k === 'map' ? m.t.dom : [];
        return {
          e: ir.objectView(op, m.e),
          t: L(op === 'keys' ? S(...dom) : S('web', 'runtime/default', 'unconfined', '')),
          opt: false,
        };
      });
      options.push(() => {
        const items = [pick(this.g, CAPS), pick(this.g, CAPS)];
        return { e: ir.list(items.map((s) => ir.literal(s))), t: L(S(...items)), opt: false };
      });
    }
    if (d > 0) {
      if (of !== 'str')
        options.push(() => {
          const base = this.list(vars, d - 1, 'obj');
          if (base.t.k !== 'list') return undefined;
          const v = this.fresh('v');
          const inner = [...vars, { name: v, t: base.t.of }];
          return {
            e: ir.comprehension('filter', base.e, v, this.bool(inner, d - 1, undefined, true)),
            t: base.t,
            opt: false,
          };
        });
      if (of !== 'obj') {
        options.push(() => {
          const base = this.list(vars, d - 1, 'obj');
          if (base.t.k !== 'list') return undefined;
          const v = this.fresh('v');
          const body = this.str([...vars, { name: v, t: base.t.of }], d - 1);
          return { e: ir.comprehension('map', base.e, v, body.e), t: L(body.t), opt: false };
        });
      }
      options.push(() => {
        const a = this.list(vars, d - 1, of);
        const b = this.list(vars, d - 1, of);
        if (a.t.k !== 'list' || b.t.k !== 'list' || a.t.of.k !== b.t.of.k) return undefined;
        if (a.t.of.k === 'obj' && b.t.of.k === 'obj' && a.t.of.shape !== b.t.of.shape)
          return undefined;
        return { e: ir.listConcat([a.e, b.e]), t: a.t, opt: false };
      });
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      const made = pick(this.g, options)();
      if (made) return made;
    }
    return {
      e: ir.list([ir.literal('ALL')]),
      t: L(S('ALL')),
      opt: false,
    };
  }

  /** An optional value for a truthiness test. */
  truthyOperand(vars: readonly Var[]): Expr | undefined {
    const candidates = this.paths(vars, () => true).filter((p) => p.opt);
    if (candidates.length === 0) return undefined;
    const p = pick(this.g, candidates);
    return ir.truthy(truthyAs(p.t), p.e);
  }

  /** A boolean that cannot be absent. `noLogical` excludes a logical operator at the top. */
  /**
   * `loose`: the position only tests truthiness and TypeScript accepts any type there (an
   * operand of `!`, a ternary's test, an `every`/`some`/`filter` body), so a bare optional
   * value may stand as a condition and as a `&&`/`||` operand (the frontend wraps it in
   * `truthy`). Elsewhere (a check's result) TypeScript requires a boolean.
   */
  bool(vars: readonly Var[], d: number, noLogical?: 'and' | 'or', loose = false): Expr {
    if (loose && chance(this.g, 12)) {
      const t = this.truthyOperand(vars);
      if (t) return t;
    }
    const leaf = ['eq', 'eq', 'ord', 'strTest', 'regex', 'includes', 'coalesce', 'notTruthy'];
    const inner = ['and', 'or', 'not', 'every', 'some', 'cond', 'lengthCmp'];
    const kinds = d > 0 ? [...leaf, ...inner].filter((k) => k !== noLogical) : leaf;
    const kind = pick(this.g, kinds);
    switch (kind) {
      case 'eq': {
        const element = vars.find((v) => v.name === 'element');
        if (element?.t.k === 'obj' && element.t.shape === 'Container' && chance(this.g, 15)) {
          // The AppArmor annotation of this container: a computed key into a map.
          const key = ir.concat([
            ir.literal('container.apparmor.security.beta.kubernetes.io/'),
            ir.get(ir.ref('element'), 'name'),
          ]);
          return ir.compare(
            pick(this.g, ['eq', 'ne'] as const),
            ir.index(ir.get(ir.ref('metadata'), 'annotations'), key),
            ir.literal(pick(this.g, ['runtime/default', 'unconfined'])),
          );
        }
        const image = this.imagePath(vars);
        if (image && chance(this.g, 15)) {
          const helper = pick(this.g, ['imageTag', 'imageDigest'] as const);
          return ir.compare(
            pick(this.g, ['eq', 'ne'] as const),
            ir.call(helper, [this.nonOpt(image).e]),
            helper === 'imageTag' && chance(this.g, 60) ? ir.literal('latest') : ir.absent(),
          );
        }
        if (d > 0 && chance(this.g, 10)) {
          // The first item of a list: `xs?.[0]?.name`.
          const l = this.list(vars, d - 1, 'obj');
          if (l.t.k === 'list' && l.t.of.k === 'obj' && SHAPES[l.t.of.shape].name) {
            const [t] = SHAPES[l.t.of.shape].name!;
            return ir.compare(
              pick(this.g, ['eq', 'ne'] as const),
              ir.get(ir.index(l.e, ir.literal(0)), 'name'),
              this.literalOf(t),
            );
          }
        }
        const candidates = this.paths(
          vars,
          (t) => t.k === 'str' || t.k === 'num' || t.k === 'bool',
        );
        if (candidates.length === 0) return ir.literal(true);
        const x = pick(this.g, candidates);
        const op = pick(this.g, ['eq', 'ne'] as const);
        const right =
          x.t.k === 'str' && this.params.has('requiredPrefix') && chance(this.g, 15)
            ? ir.param('requiredPrefix')
            : this.literalOf(x.t);
        return ir.compare(op, x.e, right);
      }
      case 'ord': {
        const op = pick(this.g, ['lt', 'le', 'gt', 'ge'] as const);
        if (chance(this.g, 70)) {
          const x = this.num(vars, d - 1);
          return ir.compare(op, x.e, ir.literal(pick(this.g, [0, 1, 1000, 8080])));
        }
        const x = this.str(vars, d - 1);
        return ir.compare(op, x.e, ir.literal(pick(this.g, ['m', 'registry', ''])));
      }
      case 'lengthCmp': {
        const l = this.list(vars, d - 1);
        return ir.compare(
          pick(this.g, ['eq', 'gt', 'ge'] as const),
          ir.length(l.e),
          ir.literal(pick(this.g, [0, 1])),
        );
      }
      case 'strTest': {
        const s = this.str(vars, d - 1);
        const a =
          this.params.has('requiredPrefix') && chance(this.g, 30)
            ? ir.param('requiredPrefix')
            : ir.literal(pick(this.g, ['registry.example.com', ':latest', 'nginx', '', 'a']));
        return ir.stringTest(pick(this.g, ['startsWith', 'endsWith', 'includes'] as const), s.e, a);
      }
      case 'regex':
        return ir.regexTest(pick(this.g, REGEXES), this.str(vars, d - 1).e);
      case 'includes': {
        const l = this.list(vars, d - 1, 'str');
        const item = l.t.k === 'list' ? l.t.of : S();
        // `xs.includes(v)` needs `v` assignable to the item type: a literal of a union.
        if (item.k === 'str' && item.union) return ir.listIncludes(l.e, this.literalOf(item));
        const s = this.str(vars, d - 1);
        return ir.listIncludes(l.e, s.e);
      }
      case 'coalesce': {
        const candidates = this.paths(vars, (t) => t.k === 'bool').filter((p) => p.opt);
        // A boolean-typed value that is not a boolean IR node: in a truthiness position the
        // frontend wraps it in `truthy`, and so does the generator.
        if (candidates.length === 0) {
          return this.params.has('strict')
            ? ir.truthy('boolean', ir.param('strict'))
            : ir.literal(false);
        }
        return ir.truthy(
          'boolean',
          ir.coalesce(pick(this.g, candidates).e, ir.literal(chance(this.g, 50))),
        );
      }
      case 'notTruthy': {
        const t = this.truthyOperand(vars);
        return t ? ir.not(t) : ir.literal(true);
      }
      case 'and':
      case 'or': {
        const n = pick(this.g, [2, 2, 3]);
        const operands = Array.from({ length: n }, () => this.bool(vars, d - 1, kind, loose));
        return kind === 'and' ? ir.and(operands) : ir.or(operands);
      }
      case 'not':
        return ir.not(this.bool(vars, d - 1, undefined, true));
      case 'every':
      case 'some': {
        const l = this.list(vars, d - 1);
        if (l.t.k !== 'list') return ir.literal(true);
        const v = this.fresh('v');
        const body = this.body([...vars, { name: v, t: l.t.of }], d - 1, true);
        return ir.comprehension(kind, l.e, v, body);
      }
      case 'cond': {
        const test = chance(this.g, 40)
          ? (this.truthyOperand(vars) ?? this.bool(vars, d - 1, undefined, true))
          : this.bool(vars, d - 1, undefined, true);
        return ir.cond(
          test,
          this.bool(vars, d - 1, undefined, loose),
          this.bool(vars, d - 1, undefined, loose),
        );
      }
      default:
        return ir.literal(true);
    }
  }

  /** A boolean function body, sometimes with a `const` first. */
  body(vars: readonly Var[], d: number, loose = false): Expr {
    if (d > 0 && chance(this.g, 20)) {
      const name = this.fresh('x');
      const value = chance(this.g, 50) ? this.str(vars, d - 1) : this.num(vars, d - 1);
      return ir.let_(
        name,
        value.e,
        this.bool([...vars, { name, t: value.t }], d - 1, undefined, loose),
      );
    }
    return this.bool(vars, d, undefined, loose);
  }

  /** A message naming the element. */
  message(element: Ty, vars: readonly Var[]): Expr {
    const parts: Expr[] = [ir.literal(pick(this.g, ['element ', 'container "', 'pod spec of ']))];
    if (element.k === 'obj' && 'name' in SHAPES[element.shape] && !SHAPES[element.shape].name![1]) {
      parts.push(ir.get(ir.ref('element'), 'name'));
    } else if (element.k === 'str') {
      parts.push(ir.ref('element'));
    } else {
      parts.push(ir.coalesce(ir.get(ir.ref('metadata'), 'name'), ir.literal('unnamed')));
    }
    parts.push(ir.literal(pick(this.g, [' fails the check', '" is not allowed'])));
    if (chance(this.g, 25)) {
      parts.push(ir.literal(' (user '), this.num(vars, 0).e, ir.literal(')'));
    }
    return ir.concat(mergeLiterals(parts));
  }
}

/** A template literal's parts as the frontend produces them: adjacent text merged, no empty text. */
function mergeLiterals(parts: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === 'literal' && typeof part.value === 'string') {
      if (part.value === '') continue;
      if (last?.kind === 'literal' && typeof last.value === 'string') {
        out[out.length - 1] = ir.literal(last.value + part.value);
        continue;
      }
    }
    out.push(part);
  }
  return out;
}

/**
 * Targets `arbRuleIR` can generate rules for. `RoleBinding+ClusterRoleBinding` is a
 * multi-kind target (`target: ['RoleBinding', 'ClusterRoleBinding']`); both kinds share the
 * ClusterRoleBinding shape here (roleRef, subjects).
 */
export type ArbRuleTarget =
  | 'PodSpec'
  | 'Service'
  | 'ClusterRoleBinding'
  | 'RoleBinding+ClusterRoleBinding';

/** The kinds of a resource target of the generator, in target order. */
export function arbTargetKinds(target: Exclude<ArbRuleTarget, 'PodSpec'>): readonly string[] {
  return target === 'RoleBinding+ClusterRoleBinding'
    ? ['RoleBinding', 'ClusterRoleBinding']
    : [target];
}

/** Options of `arbRuleIR`. */
export interface ArbRuleIROptions {
  /** Maximum nesting of generated expressions (default 3). */
  readonly maxDepth?: number;
  /** Targets to draw from (default: `['PodSpec']`). */
  readonly targets?: readonly ArbRuleTarget[];
}

function resourceRule(
  g: G,
  rg: RuleGen,
  targetName: Exclude<ArbRuleTarget, 'PodSpec'>,
  maxDepth: number,
): { target: RuleIR['target']; each: Expr | null; check: Expr; message: Expr } {
  const kinds = arbTargetKinds(targetName);
  const kind = targetName === 'Service' ? 'Service' : 'ClusterRoleBinding';
  const roots: Var[] = [
    { name: 'object', t: O(kind) },
    { name: 'metadata', t: O('ObjectMeta') },
  ];
  let each: Expr | null = null;
  let element: Ty = O(kind);
  if (chance(g, 50)) {
    each =
      kind === 'Service'
        ? ir.coalesce(ir.get(ir.get(ir.ref('object'), 'spec'), 'ports'), ir.list([]))
        : ir.coalesce(ir.get(ir.ref('object'), 'subjects'), ir.list([]));
    element = O(kind === 'Service' ? 'ServicePort' : 'Subject');
  }
  const vars = [...roots, { name: 'element', t: element }];
  const check = rg.body(vars, g(fc.integer, { min: 1, max: maxDepth }));
  const message = ir.concat(
    mergeLiterals([
      ir.literal(`${kinds.join('/')} `),
      ir.coalesce(ir.get(ir.ref('metadata'), 'name'), ir.literal('unnamed')),
      ir.literal(' fails'),
      ...(element.k === 'obj' && element.shape === 'Subject'
        ? [ir.literal(' for '), ir.get(ir.ref('element'), 'name')]
        : []),
    ]),
  );
  const group = kind === 'Service' ? '' : 'rbac.authorization.k8s.io';
  return {
    target: Object.freeze({
      kind: 'resources' as const,
      resources: Object.freeze(kinds.map((k) => Object.freeze({ group, version: 'v1', kind: k }))),
    }),
    each,
    check,
    message,
  };
}

/**
 * Random, well-typed rules in the subset, as IR in the frontend's canonical form. A podSpec
 * rule checks elements of one kind (containers, volumes, ports, label keys, or the pod
 * spec); a Service or (Cluster)RoleBinding rule checks the object, its ports or subjects.
 */
export function arbRuleIR(options: ArbRuleIROptions = {}): fc.Arbitrary<RuleIR> {
  const maxDepth = options.maxDepth ?? 3;
  const targets = options.targets ?? ['PodSpec'];
  return fc.gen().map((g) => {
    const declared = Object.keys(PARAMS).filter(() => chance(g, 50));
    const rg = new RuleGen(g, new Set(declared));
    const params: Record<string, ParamSpec> = {};
    for (const name of declared) params[name] = PARAMS[name]!;
    const targetName = pick(g, targets);
    if (targetName !== 'PodSpec') {
      return Object.freeze({
        irVersion: IR_VERSION,
        id: 'random-rule',
        params: Object.freeze(params),
        ...resourceRule(g, rg, targetName, maxDepth),
      });
    }
    const roots: Var[] = [
      { name: 'spec', t: O('PodSpec') },
      { name: 'metadata', t: O('ObjectMeta') },
      { name: 'object', t: O('Workload') },
    ];
    const eachChoice = pick(g, [
      'none',
      'all',
      'all',
      'containers',
      'init',
      'volumes',
      'filter',
      'labelKeys',
      'ports',
    ]);
    let each: Expr | null = null;
    let element: Ty = O('PodSpec');
    switch (eachChoice) {
      case 'all':
        each = ir.call('allContainers', [ir.ref('spec')]);
        element = O('Container');
        break;
      case 'containers':
        each = ir.get(ir.ref('spec'), 'containers');
        element = O('Container');
        break;
      case 'init':
        each = ir.coalesce(ir.get(ir.ref('spec'), 'initContainers'), ir.list([]));
        element = O('Container');
        break;
      case 'volumes':
        each = ir.coalesce(ir.get(ir.ref('spec'), 'volumes'), ir.list([]));
        element = O('Volume');
        break;
      case 'labelKeys':
        each = ir.objectView('keys', ir.get(ir.ref('metadata'), 'labels'));
        element = S('app', 'team', '9');
        break;
      case 'ports':
        each = ir.comprehension(
          'flatMap',
          ir.call('allContainers', [ir.ref('spec')]),
          'c',
          ir.coalesce(ir.get(ir.ref('c'), 'ports'), ir.list([])),
        );
        element = O('ContainerPort');
        break;
      case 'filter': {
        const v = rg.fresh('v');
        each = ir.comprehension(
          'filter',
          ir.call('allContainers', [ir.ref('spec')]),
          v,
          rg.bool([...roots, { name: v, t: O('Container') }], 1),
        );
        element = O('Container');
        break;
      }
    }
    const vars = [...roots, { name: 'element', t: element }];
    const check = rg.body(vars, g(fc.integer, { min: 1, max: maxDepth }));
    const message = rg.message(element, vars);
    return Object.freeze({
      irVersion: IR_VERSION,
      id: 'random-rule',
      target: Object.freeze({ kind: 'podSpec' as const }),
      params: Object.freeze(params),
      each,
      check,
      message,
    });
  });
}
