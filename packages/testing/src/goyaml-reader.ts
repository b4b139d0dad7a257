/**
 * Reads YAML the way Kubernetes does, for tests: a model of sigs.k8s.io/yaml.YAMLToJSON
 * (go-yaml v2 plus the conversion to JSON), and a bridge to the real decoder when the
 * `goyaml-probe` tool is available. The model parses the structure with the `yaml` package
 * (which agrees with go-yaml on block and flow structure and on quoted-scalar escapes),
 * resolves every plain scalar by go-yaml's rules (@kpc/ir, yaml/goyaml-scalar.ts), converts keys to
 * strings as the JSON conversion does, and refuses what go-yaml refuses or reads as a line
 * break where YAML 1.2 does not (so a test never passes on a text the cluster misreads).
 */
import { spawnSync } from 'node:child_process';
import { GOYAML_EXTRA_LINE_BREAK, GOYAML_FORBIDDEN_CHAR, resolveGoYamlPlain } from '@kpc/ir';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, parseAllDocuments } from 'yaml';

/** Per document: its JSON value, or why the Kubernetes decoder would fail. */
export type GoYamlDocument = { readonly value: unknown } | { readonly error: string };

class ModelError extends Error {}

function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean' || k === null) return String(k);
  if (typeof k === 'number') return String(k);
  throw new ModelError(`unsupported map key of type ${Array.isArray(k) ? 'list' : typeof k}`);
}

/**
 * Plain scalars of a flow collection that go-yaml v2 splits or reads as an indicator where
 * YAML 1.2 reads one string: it ends a plain scalar at `?` (as at `,[]{}`), and a leading
 * `?` or `:` is the key or value indicator (gopkg.in/yaml.v2 scannerc.go).
 */
const GOYAML_FLOW_PLAIN_DIFFERS = /\?|^:/;

function toJson(node: Node | null | undefined, inFlow = false): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) throw new ModelError('aliases are outside this model');
  if (isScalar(node)) {
    const text = String(node.value);
    if (node.tag !== undefined) throw new ModelError('explicit tags are outside this model');
    if (node.type !== 'PLAIN') return text;
    if (inFlow && GOYAML_FLOW_PLAIN_DIFFERS.test(text))
      throw new ModelError(
        `go-yaml v2 reads the plain ${JSON.stringify(text)} otherwise in a flow collection`,
      );
    const r = resolveGoYamlPlain(text);
    if (!r.ok) throw new ModelError(r.reason);
    return r.value;
  }
  if (isSeq(node)) return node.items.map((n) => toJson(n as Node, inFlow || node.flow === true));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node;
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<')
        throw new ModelError('merge keys are outside this model');
      const flow = inFlow || node.flow === true;
      const k = keyString(isMap(keyNode) || isSeq(keyNode) ? [] : toJson(keyNode, flow));
      // defineProperty: a `__proto__` key is an own key, as in the JSON go-yaml produces.
      Object.defineProperty(out, k, {
        value: toJson(pair.value as Node, flow),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw new ModelError('unknown node');
}

/** Reads a multi-document YAML text as sigs.k8s.io/yaml.YAMLToJSON would, per document. */
export function readLikeGoYaml(text: string): GoYamlDocument[] {
  const bad = GOYAML_FORBIDDEN_CHAR.exec(text);
  if (bad)
    return [{ error: `control characters are not allowed (U+${hex(bad[0])} at ${bad.index})` }];
  const br = GOYAML_EXTRA_LINE_BREAK.exec(text);
  if (br) return [{ error: `go-yaml reads U+${hex(br[0])} at ${br.index} as a line break` }];
  const docs = parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: true });
  if (!Array.isArray(docs)) return [];
  return docs.map((d) => {
    if (d.errors.length > 0) return { error: d.errors[0]?.message ?? 'syntax error' };
    try {
      return { value: toJson(d.contents as Node | null) };
    } catch (e) {
      if (e instanceof ModelError) return { error: e.message };
      throw e;
    }
  });
}

/** Reads a multi-document YAML text as a YAML 1.2 reader does (the `yaml` package). */
export function readAsYaml12(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS());
}

function hex(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/** How to run the real decoder: `KPC_GOYAML_PROBE`, else `goyaml-probe` on PATH. */
export function goYamlProbeCommand(): string | undefined {
  const cmd = process.env.KPC_GOYAML_PROBE || 'goyaml-probe';
  const r = spawnSync(cmd, [], { input: 'a: 1\n', encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === '{"a":1}' ? cmd : undefined;
}

/** The reason printed when the probe is missing. */
export const GOYAML_PROBE_MISSING =
  '[skip] goyaml-probe is not on PATH and KPC_GOYAML_PROBE is not set: the checks against the ' +
  'real sigs.k8s.io/yaml decoder are skipped (the go-yaml model is still tested). Build the ' +
  'probe (reads YAML on stdin, prints one JSON line per document) and put it on PATH to run them.';

/**
 * Runs the real decoder on each text (one process for all): per text, the JSON value of its
 * only document, or `{ error }`. Texts must be single documents without `---` lines.
 */
export function readWithGoYamlProbe(cmd: string, texts: readonly string[]): GoYamlDocument[] {
  const input = texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n');
  const r = spawnSync(cmd, [], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  if (r.status !== 0 && lines.length === 0) throw new Error(`goyaml-probe failed: ${r.stderr}`);
  return lines.map((l) =>
    l.startsWith('ERROR: ') ? { error: l.slice(7) } : { value: JSON.parse(l) as unknown },
  );
}
