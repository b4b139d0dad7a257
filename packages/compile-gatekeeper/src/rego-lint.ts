/**
 * A structural check of generated Rego, for tests: balanced brackets, every string
 * literal a valid JSON string, every called `kpc_` function defined, no tabs, no
 * non-ASCII text, no rule or function both assigned with `:=` and defined more than once
 * (OPA's compiler rejects that as "rule named … redeclared" in the versions that
 * Gatekeeper 3.12 embeds), and no keyword (`contains`, `if`, `in`, `every`, …) bound as a
 * name: with the future keywords imported, or in Rego v1, that is a parse error; and no `else`
 * after an else branch whose body is an unbraced condition (OPA 0.49's parser rejects it). It is not
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
    // `else := …` at the start of a line continues the definition above (one else chain).
    if (name === 'package' || name === 'import' || name === 'default' || name === 'else') continue;
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
  // OPA (0.49, Gatekeeper 3.12) fails to parse an `else` after an else branch whose body is
  // a bare condition (`else := v if cond else := w`, or the next `else` on the next line):
  // such a branch needs its body in braces.
  const lines = withoutStrings.split('\n');
  lines.forEach((l, i) => {
    const m = /\belse\s*:=.*?\bif\s+(?!\{)(.*)$/.exec(l);
    if (m !== null && (/\belse\b/.test(m[1]!) || /^\s*else\b/.test(lines[i + 1] ?? '')))
      problems.push(`line ${i + 1}: an else branch with an unbraced body is followed by else`);
  });
  if (!/^package [a-z0-9_]+$/m.test(text)) problems.push('no package line');
  return problems;
}

/** Rego text without its string literals and comments. */
function codeOf(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/#[^\n]*/g, '');
}

/**
 * The top-level definitions of a Rego text, in order: each starts at a line that begins
 * with its name (an `else` at the start of a line continues the one above) and runs to the
 * next; comments above a definition belong to it.
 */
export function definitions(text: string): { name: string; text: string }[] {
  const out: { name: string; lines: string[] }[] = [];
  let comments: string[] = [];
  for (const line of text.split('\n')) {
    const start = /^([a-z_]\w*)\b/.exec(line);
    if (start !== null && !['else', 'package', 'import'].includes(start[1]!)) {
      out.push({ name: start[1]!, lines: [...comments, line] });
      comments = [];
    } else if (line.startsWith('#')) comments.push(line);
    else if (line.trim() === '' || start !== null) {
      if (start !== null) out.at(-1)?.lines.push(line);
      comments = [];
    } else out.at(-1)?.lines.push(line);
  }
  return out.map((d) => ({ name: d.name, text: d.lines.join('\n') }));
}

/**
 * The `kpc_` definitions of a module that nothing else in it references: a module should hold
 * exactly what its violation rules reach.
 */
export function unusedDefinitions(text: string): string[] {
  const defs = definitions(text);
  const unused: string[] = [];
  for (const name of new Set(defs.map((d) => d.name))) {
    if (!name.startsWith('kpc_')) continue;
    const used = defs.some(
      (d) => d.name !== name && new RegExp(`\\b${name}\\b`).test(codeOf(d.text)),
    );
    if (!used) unused.push(name);
  }
  return unused;
}
