/**
 * A structural check of generated Rego, for tests: balanced brackets, every string
 * literal a valid JSON string, every called `kpc_` function defined, no tabs, no
 * non-ASCII text, no rule or function both assigned with `:=` and defined more than once
 * (OPA's compiler rejects that as "rule named … redeclared" in the versions that
 * Gatekeeper 3.12 embeds), and no keyword (`contains`, `if`, `in`, `every`, …) bound as a
 * name: with the future keywords imported, or in Rego v1, that is a parse error. It is not
 * a Rego parser or evaluator (none runs in JavaScript; see
 * docs/backends/gatekeeper.md); it catches emitter slips before gator does.
 */
// Rego keywords, with the future keywords (https://www.openpolicyagent.org/docs/latest/policy-language/#future-keywords).
const REGO_KEYWORDS = new Set([
  'as',
  'contains',
  'default',
  'else',
  'every',
  'false',
  'if',
  'import',
  'in',
  'not',
  'null',
  'package',
  'some',
  'true',
  'with',
]);

export function lintRego(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    else if (ch === '\t') problems.push(`line ${line}: tab`);
    else if (ch.charCodeAt(0) > 0x7e) problems.push(`line ${line}: non-ASCII character`);
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\n') break;
        j += text[j] === '\\' ? 2 : 1;
      }
      const lit = text.slice(i, j + 1);
      try {
        if (typeof JSON.parse(lit) !== 'string') throw new Error('not a string');
      } catch {
        problems.push(`line ${line}: bad string literal ${lit}`);
      }
      i = j;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    if (ch === ')' || ch === ']' || ch === '}') {
      const open = stack.pop();
      if (open !== pairs[ch]) problems.push(`line ${line}: unbalanced ${ch}`);
    }
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join('')}`);
  const withoutStrings = text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/#[^\n]*/g, '');
  const defined = new Set<string>();
  for (const m of withoutStrings.matchAll(/^(kpc_\w+|violation)\b/gm)) defined.add(m[1]!);
  for (const m of withoutStrings.matchAll(/\b(kpc_\w+)\b/g))
    if (!defined.has(m[1]!)) problems.push(`${m[1]} is used but not defined`);
  const heads = new Map<string, { count: number; assigned: boolean }>();
  for (const m of withoutStrings.matchAll(
    /^([a-z_]\w*)(?:\([^)]*\))?\s*(:=|=|if\b|contains\b|\{)/gm,
  )) {
    const name = m[1]!;
    if (name === 'package' || name === 'import' || name === 'default') continue;
    const h = heads.get(name) ?? { count: 0, assigned: false };
    h.count++;
    if (m[2] === ':=') h.assigned = true;
    heads.set(name, h);
  }
  for (const [name, h] of heads)
    if (h.assigned && h.count > 1)
      problems.push(`${name} is assigned with := and defined ${h.count} times (redeclared)`);
  const bound = [
    ...[...withoutStrings.matchAll(/^[a-z_]\w*\(([^)]*)\)/gm)].flatMap((m) => m[1]!.split(',')),
    ...[...withoutStrings.matchAll(/\bsome\s+([\w\s,]+?)\s+in\b/g)].flatMap((m) =>
      m[1]!.split(','),
    ),
    ...[...withoutStrings.matchAll(/(?:^|[\s;{])(\w+)\s*:=/gm)]
      .map((m) => m[1]!)
      .filter((n) => n !== 'else'), // `else := value` is syntax, not a binding
  ].map((n) => n.trim());
  for (const name of new Set(bound))
    if (REGO_KEYWORDS.has(name)) problems.push(`keyword ${name} is bound as a name`);
  if (!/^package [a-z0-9_]+$/m.test(text)) problems.push('no package line');
  return problems;
}
