/**
 * Prints a RuleIR as TypeScript rule source written against the real authoring API
 * (`defineRule` and the helpers of `@kpc/core`), such that the frontend lowers it back to
 * the same IR. Used by the equivalence harness to show a counterexample's rule, and by the
 * random-rule round trip (IR → TypeScript → frontend → IR).
 *
 * The printer is syntax-directed and keeps the IR's structure: parentheses wherever a child
 * binds less tightly than its parent, `?.` on every property access except on the roots
 * (`object`, `metadata`, `spec`, `element`, which are never absent), and `truthy` printed
 * as its bare operand (it only occurs in truthiness positions: `!`, a ternary's test, a
 * `&&`/`||` operand, where the frontend derives it again from the operand's type).
 * `let` prints as a `const` at the top of a function or comprehension body; elsewhere it
 * prints as an immediately invoked arrow, which is outside the subset (the frontend
 * rejects it). Never throws.
 */

import { canonicalJson } from './equality.ts';
import { type Expr, unhandled } from './nodes/expr.ts';
import { ROOT_NAMES } from './nodes/ref.ts';
import { referencedKinds } from './referenced-kinds.ts';
import type { RuleIR, RuleTarget } from './rule-ir.ts';
import { KIND_API_VERSIONS } from './semantics/kinds.ts';
import { ruleTargetOf } from './semantics/targets.ts';

/** Rule metadata for the printed `defineRule` call; placeholders fill what is missing. */
export interface PrintRuleMeta {
  readonly title?: string;
  readonly description?: string;
  readonly rationale?: string;
  readonly remediation?: string;
  readonly severity?: 'low' | 'medium' | 'high' | 'critical';
  readonly category?: string;
}

/** Binding strength of a printed expression (higher binds tighter). */
const Prec = {
  Cond: 1,
  Coalesce: 2,
  Or: 3,
  And: 4,
  Equality: 6,
  Relational: 7,
  Unary: 9,
  Postfix: 10,
} as const;

type Prec = number;

interface Printed {
  readonly text: string;
  readonly prec: Prec;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ROOTS: ReadonlySet<string> = new Set(ROOT_NAMES);

function str(s: string): string {
  return `'${s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

function templateText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

const COMPARE_OPS = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

class Printer {
  readonly helpers = new Set<string>();

  wrap(p: Printed, min: Prec): string {
    return p.prec < min ? `(${p.text})` : p.text;
  }

  /** Prints a function body: a `let` chain becomes `{ const …; return …; }`. */
  body(node: Expr, indent: string): string {
    if (node.kind !== 'let') {
      const p = this.expr(node);
      // An arrow body that is an object-like or sequence expression needs no care here:
      // the subset has neither.
      return p.text;
    }
    const lines: string[] = [];
    let cur: Expr = node;
    while (cur.kind === 'let') {
      lines.push(`${indent}  const ${cur.name} = ${this.expr(cur.value).text};`);
      cur = cur.body;
    }
    lines.push(`${indent}  return ${this.expr(cur).text};`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  receiver(node: Expr): { text: string; dot: string } {
    const p = this.expr(node);
    const root = node.kind === 'ref' && ROOTS.has(node.name);
    return { text: this.wrap(p, Prec.Postfix), dot: root ? '.' : '?.' };
  }

  expr(node: Expr): Printed {
    const atom = (text: string): Printed => ({ text, prec: Prec.Postfix });
    switch (node.kind) {
      case 'literal':
        if (typeof node.value === 'string') return atom(str(node.value));
        if (typeof node.value === 'number' && node.value < 0)
          return { text: String(node.value), prec: Prec.Unary };
        return atom(String(node.value));
      case 'absent':
        return atom('undefined');
      case 'list':
        return atom(`[${node.items.map((i) => this.expr(i).text).join(', ')}]`);
      case 'ref':
        return atom(node.name);
      case 'param':
        return atom(IDENT.test(node.name) ? `params.${node.name}` : `params[${str(node.name)}]`);
      case 'get': {
        const r = this.receiver(node.object);
        return atom(
          IDENT.test(node.key)
            ? `${r.text}${r.dot}${node.key}`
            : `${r.text}${r.dot === '.' ? '' : '?.'}[${str(node.key)}]`,
        );
      }
      case 'index': {
        const r = this.receiver(node.object);
        return atom(`${r.text}${r.dot === '.' ? '' : '?.'}[${this.expr(node.key).text}]`);
      }
      case 'coalesce':
        // `??` cannot be mixed with `&&`/`||` without parentheses: wrap anything non-postfix.
        return {
          text: `${this.wrap(this.expr(node.left), Prec.Postfix)} ?? ${this.wrap(this.expr(node.right), Prec.Postfix)}`,
          prec: Prec.Coalesce,
        };
      case 'compare': {
        const eq = node.op === 'eq' || node.op === 'ne';
        const prec = eq ? Prec.Equality : Prec.Relational;
        return {
          text: `${this.wrap(this.expr(node.left), prec + 1)} ${COMPARE_OPS[node.op]} ${this.wrap(this.expr(node.right), prec + 1)}`,
          prec,
        };
      }
      case 'logical': {
        const prec = node.op === 'and' ? Prec.And : Prec.Or;
        const sep = node.op === 'and' ? ' && ' : ' || ';
        // Operands that are themselves `&&`/`||` keep their parentheses, so that the
        // printed source has the IR's own nesting.
        return {
          text: node.operands
            .map((o) => this.wrap(this.expr(o), o.kind === 'logical' ? Prec.Postfix : prec + 1))
            .join(sep),
          prec,
        };
      }
      case 'not':
        return { text: `!${this.wrap(this.expr(node.operand), Prec.Unary)}`, prec: Prec.Unary };
      case 'truthy':
        return this.expr(node.operand);
      case 'cond':
        return {
          text: `${this.wrap(this.expr(node.test), Prec.Coalesce)} ? ${this.wrap(this.expr(node.then), Prec.Coalesce)} : ${this.wrap(this.expr(node.otherwise), Prec.Coalesce)}`,
          prec: Prec.Cond,
        };
      case 'concat':
        return atom(
          `\`${node.parts
            .map((p) =>
              p.kind === 'literal' && typeof p.value === 'string'
                ? templateText(p.value)
                : `\${${this.expr(p).text}}`,
            )
            .join('')}\``,
        );
      case 'listConcat':
        return atom(
          `[${node.lists.map((l) => `...${this.wrap(this.expr(l), Prec.Postfix)}`).join(', ')}]`,
        );
      case 'comprehension': {
        const list = this.wrap(this.expr(node.list), Prec.Postfix);
        return atom(`${list}.${node.op}((${node.variable}) => ${this.body(node.body, '')})`);
      }
      case 'listIncludes':
        return atom(
          `${this.wrap(this.expr(node.list), Prec.Postfix)}.includes(${this.expr(node.value).text})`,
        );
      case 'length': {
        const r = this.receiver(node.operand);
        return atom(`${r.text}${r.dot}length`);
      }
      case 'stringTest':
        return atom(
          `${this.wrap(this.expr(node.subject), Prec.Postfix)}.${node.op}(${this.expr(node.argument).text})`,
        );
      case 'regexTest':
        return atom(
          `/${node.pattern.replace(/(^|[^\\])\//g, '$1\\/')}/.test(${this.expr(node.subject).text})`,
        );
      case 'objectView':
        // `?? {}` keeps the call well typed on an optional map; the frontend reads
        // `Object.keys(m ?? {})` as `objectView(m)` (a non-map is empty anyway).
        return atom(`Object.${node.op}(${this.wrap(this.expr(node.object), Prec.Postfix)} ?? {})`);
      case 'call':
        this.helpers.add(node.helper);
        return atom(`${node.helper}(${node.args.map((a) => this.expr(a).text).join(', ')})`);
      case 'let':
        return atom(`(() => ${this.body(node, '')})()`);
      case 'lookup': {
        // The rule context's `list(kind, { apiVersion?, namespace?, name? })`; apiVersion
        // is printed unless it is the one kpc infers for a built-in kind.
        const opts: string[] = [];
        if (KIND_API_VERSIONS[node.resourceKind] !== node.apiVersion)
          opts.push(`apiVersion: ${str(node.apiVersion)}`);
        if (node.namespace !== undefined) opts.push(`namespace: ${this.expr(node.namespace).text}`);
        if (node.name !== undefined) opts.push(`name: ${this.expr(node.name).text}`);
        const arg = opts.length === 0 ? '' : `, { ${opts.join(', ')} }`;
        return atom(`list(${str(node.resourceKind)}${arg})`);
      }
      default:
        return atom(`/* unknown IR node ${canonicalJson(unhandled(node) as Expr)} */ undefined`);
    }
  }
}

/** Which root names (and `params`) an expression reads, for the printed destructuring. */
function rootsUsed(node: Expr | null, out: Set<string>): Set<string> {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const n = v as { kind?: unknown; name?: unknown };
      if (n.kind === 'ref' && typeof n.name === 'string' && ROOTS.has(n.name)) out.add(n.name);
      if (n.kind === 'param') out.add('params');
      if (n.kind === 'lookup') out.add('list');
      for (const [k, child] of Object.entries(v)) if (k !== 'span') walk(child);
    }
  };
  walk(node);
  return out;
}

/** The printed `target` value (TypeScript source) and a note when it is not exact. */
function targetSource(target: RuleTarget): { source: string; note?: string } {
  if (target.kind === 'podSpec') return { source: str('PodSpec') };
  const kinds = target.resources.map((r) => r.kind);
  if (kinds.length === 0) return { source: str('Pod'), note: 'the IR lists no resources' };
  const distinct = [...new Set(kinds)];
  const source =
    distinct.length === 1 ? str(distinct[0]!) : `[${distinct.map((k) => str(k)).join(', ')}]`;
  const exact = canonicalJson(ruleTargetOf(distinct)) === canonicalJson(target);
  return exact ? { source } : { source, note: `the IR targets ${canonicalJson(target.resources)}` };
}

/** The rule context's members, in the order the printer destructures them. */
const CTX_NAMES = ['object', 'metadata', 'spec', 'params', 'list'] as const;

function ctxPattern(used: Set<string>): string {
  const names = CTX_NAMES.filter((n) => used.has(n));
  return names.length === 0 ? '_ctx' : `{ ${names.join(', ')} }`;
}

/**
 * Prints `ir` as a TypeScript module whose default export is the rule, written with
 * `defineRule`. Metadata the IR does not carry comes from `meta` (or placeholders).
 */
export function printRuleTs(ir: RuleIR, meta: PrintRuleMeta = {}): string {
  const p = new Printer();
  const target = targetSource(ir.target);
  const lines: string[] = [];
  const field = (key: string, value: string) => lines.push(`  ${key}: ${value},`);
  field('id', str(ir.id));
  field('title', str(meta.title ?? `Rule ${ir.id}`));
  field('description', str(meta.description ?? 'Printed from its IR.'));
  field('rationale', str(meta.rationale ?? 'Printed from its IR.'));
  field('remediation', str(meta.remediation ?? 'Printed from its IR.'));
  field('severity', str(meta.severity ?? 'medium'));
  field('category', str(meta.category ?? 'printed'));
  field('controls', '[]');
  if (target.note) lines.push(`  // kpc: ${target.note}`);
  field('target', target.source);
  // The kinds the lookups read, declared as the frontend requires (one kind once).
  const reads = [...new Set(referencedKinds(ir).map((k) => k.kind))];
  if (reads.length > 0) field('reads', `[${reads.map((k) => str(k)).join(', ')}]`);
  const paramNames = Object.keys(ir.params).sort();
  if (paramNames.length > 0) {
    lines.push('  params: {');
    for (const name of paramNames) {
      const spec = ir.params[name]!;
      const def = Array.isArray(spec.default)
        ? `[${spec.default.map((s: string) => str(s)).join(', ')}]`
        : typeof spec.default === 'string'
          ? str(spec.default)
          : String(spec.default);
      lines.push(
        `    ${IDENT.test(name) ? name : str(name)}: { type: ${str(spec.type)}, default: ${def}, description: ${str(spec.description)} },`,
      );
    }
    lines.push('  },');
  }
  if (ir.each !== null) {
    field('each', `(${ctxPattern(rootsUsed(ir.each, new Set()))}) => ${p.body(ir.each, '  ')}`);
  }
  const fn = (e: Expr) => {
    const used = rootsUsed(e, new Set());
    const ctx = CTX_NAMES.some((n) => used.has(n)) ? `, ${ctxPattern(used)}` : '';
    return `(element${ctx}) => ${p.body(e, '  ')}`;
  };
  field('check', fn(ir.check));
  field('message', fn(ir.message));
  field('examples', '{ pass: [], fail: [] }');
  const imports = ['defineRule', ...[...p.helpers].sort()].sort();
  return [
    `import { ${imports.join(', ')} } from '@kpc/core';`,
    '',
    'export default defineRule({',
    ...lines,
    '});',
    '',
  ].join('\n');
}
