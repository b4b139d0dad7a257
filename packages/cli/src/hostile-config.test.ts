/**
 * Hostile configuration: parameters and excluded namespaces that YAML readers disagree on,
 * that break naive writers, or that Kubernetes refuses. Each project is either refused with
 * a located config error and nothing written, or every file `kpc compile` writes reads back
 * the same under go-yaml (the model, and the real decoder when goyaml-probe is available)
 * and YAML 1.2, with every parameter and exclusion exactly as configured.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GOYAML_PROBE_MISSING,
  goYamlProbeCommand,
  readAsYaml12,
  readLikeGoYaml,
  readWithGoYamlProbe,
} from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { runKpc } from './test-support.ts';

const probe = goYamlProbeCommand();
if (!probe) console.log(GOYAML_PROBE_MISSING);

/** Parameter values that are valid strings but typed, special or garbling for some reader. */
const HOSTILE_PARAMS = [
  'yes',
  'Y',
  'off',
  '0b11',
  '-0b1',
  '1_000',
  '0x_1F',
  '0o17',
  '1:30',
  '.inf',
  '~',
  'null',
  '2001-12-14',
  '=',
  '<<',
  '%v',
  '{{x}}',
  '${x}',
  '*',
  '',
  ' ',
  'a\u2028b',
  'a\u2029b',
  '\ufeffx',
  'a\u0085b',
  'a\u001bb',
  'a\u0000b',
  'a\rb',
  'tab\there',
  'line\nbreak',
  'q"ns',
  "it's",
  'back\\slash',
  'ünï',
  '😀',
  '\u202eevil',
  'x'.repeat(5000),
];
/** Namespace names that are valid RFC 1123 labels but typed for YAML 1.1 readers. */
const TYPED_NAMESPACES = [
  'yes',
  'on',
  'n',
  '0b11',
  '1e3',
  '0o17',
  '08',
  '123',
  'null',
  'kube-system',
];
/** Values refused before anything is written. */
const REFUSED: { name: string; config: Record<string, unknown> }[] = [
  ...['Kube-System', 'kube-*', '', 'q"ns', 'a\u2028b', 'a\ud800b'].map((ns) => ({
    name: `namespace ${JSON.stringify(ns)}`,
    config: { excludedNamespaces: ['ok', ns] },
  })),
  {
    name: 'a lone surrogate in a parameter',
    config: { settings: { 'allowed-registries': { params: { allowedRegistries: ['a\ud800b'] } } } },
  },
  {
    name: 'a number in a string list',
    config: { settings: { 'allowed-registries': { params: { allowedRegistries: ['a', 1] } } } },
  },
];

function project(config: Record<string, unknown>): { dir: string; file: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kpc-hostile-'));
  const file = join(dir, 'kpc.config.ts');
  const full = {
    rules: ['allowed-registries', 'disallow-latest-tag'],
    compile: { out: 'out', targets: ['kyverno', 'gatekeeper'] },
    kyverno: { kinds: ['ClusterPolicy', 'ValidatingPolicy'] },
    ...config,
  };
  // JSON.stringify writes a lone surrogate as an escape, as a user would.
  writeFileSync(file, `export default ${JSON.stringify(full, null, 2)};\n`);
  return { dir, file, out: join(dir, 'out') };
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [p] : [];
  });
}

/** Every document of every file, as go-yaml reads it (asserting YAML 1.2 reads the same). */
function readAll(out: string): Map<string, unknown[]> {
  const files = yamlFiles(out);
  expect(files.length).toBeGreaterThan(0);
  const read = new Map<string, unknown[]>();
  const texts: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const go = readLikeGoYaml(text);
    for (const d of go) expect('error' in d ? d.error : '', f).toBe('');
    const values = go.map((d) => ('value' in d ? d.value : undefined));
    const yaml12 = readAsYaml12(text);
    expect(values, f).toEqual(yaml12);
    read.set(f, values);
    texts.push(...text.split(/^---\n/m));
  }
  if (probe) {
    const docs = [...read.values()].flat();
    const real = readWithGoYamlProbe(
      probe,
      texts.filter((t) => t.replace(/^#.*\n/gm, '').trim() !== ''),
    );
    expect(real.map((r) => ('value' in r ? r.value : r))).toEqual(docs);
  }
  return read;
}

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary generated policy documents
type Doc = Record<string, any>;

const docsOf = (read: Map<string, unknown[]>, pred: (path: string) => boolean) =>
  [...read.entries()].filter(([p]) => pred(p)).flatMap(([, ds]) => ds) as Doc[];

describe('kpc compile with hostile configuration', () => {
  it('writes hostile parameter values so that every engine reads them as configured', async () => {
    const p = project({
      settings: { 'allowed-registries': { params: { allowedRegistries: HOSTILE_PARAMS } } },
    });
    const r = await runKpc(['compile', '--config', p.file], p.dir);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const read = readAll(p.out);
    const constraints = docsOf(read, (f) =>
      /gatekeeper\/constraints\/allowed-registries\/constraint\.yaml$/.test(f),
    );
    expect(constraints).toHaveLength(1);
    expect(constraints[0]?.spec.parameters.allowedRegistries).toEqual(HOSTILE_PARAMS);
    const kyverno = docsOf(read, (f) => /kyverno\/allowed-registries\//.test(f));
    expect(kyverno.length).toBeGreaterThan(0);
  }, 300_000);

  it('writes typed-looking namespace names as the same strings in every policy kind', async () => {
    const p = project({ excludedNamespaces: TYPED_NAMESPACES });
    const r = await runKpc(['compile', '--config', p.file], p.dir);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const read = readAll(p.out);
    const all = [...read.values()].flat() as Doc[];
    const gk = all.filter(
      (d) => d.spec?.match?.excludedNamespaces && d.apiVersion?.startsWith('constraints'),
    );
    expect(gk.length).toBeGreaterThan(0);
    for (const c of gk) expect(c.spec.match.excludedNamespaces).toEqual(TYPED_NAMESPACES);
    const cp = all.filter((d) => d.kind === 'ClusterPolicy');
    expect(cp.length).toBe(2);
    for (const c of cp)
      for (const rule of c.spec.rules)
        expect(rule.exclude.any[0].resources.namespaces).toEqual(TYPED_NAMESPACES);
    const vp = all.filter((d) => d.kind === 'ValidatingPolicy');
    expect(vp.length).toBe(2);
    for (const v of vp)
      expect(v.spec.matchConstraints.namespaceSelector.matchExpressions[0].values).toEqual(
        TYPED_NAMESPACES,
      );
  }, 300_000);

  for (const { name, config } of REFUSED)
    it(`refuses ${name} with a located error and writes nothing`, async () => {
      const p = project(config);
      const r = await runKpc(['compile', '--config', p.file], p.dir);
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/kpc\.config\.ts:\d+:\d+/);
      expect(r.err).toMatch(/CFG_INVALID/);
      expect(existsSync(p.out)).toBe(false);
    }, 120_000);
});
