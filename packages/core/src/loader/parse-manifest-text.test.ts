import { describe, expect, it } from 'vitest';
import { parseManifestText } from './parse-manifest-text.ts';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
  - name: app
    image: nginx:1.27
    securityContext:
      privileged: true
  - name: sidecar
    image: envoy
`;

describe('parseManifestText positions', () => {
  const [doc] = parseManifestText(POD, 'pod.yaml').documents;
  if (!doc) throw new Error('no document');

  it('reads type meta, name and namespace', () => {
    expect([
      doc.apiVersion,
      doc.kind,
      doc.name,
      doc.namespace,
      doc.documentIndex,
      doc.basePointer,
    ]).toEqual(['v1', 'Pod', 'web', 'shop', 0, '']);
  });

  it('locates a scalar at its value', () => {
    expect(doc.locate('/spec/containers/0/securityContext/privileged')).toEqual({
      file: 'pod.yaml',
      line: 11,
      column: 19,
      endLine: 11,
      endColumn: 23,
    });
    expect(doc.locate('/spec/containers/1/image')).toMatchObject({ line: 13, column: 12 });
  });

  it('locates a map-valued field at its key', () => {
    expect(doc.locate('/spec/containers/0/securityContext')).toMatchObject({ line: 10, column: 5 });
    expect(doc.locate('/spec')).toMatchObject({ line: 6, column: 1 });
  });

  it('locates a list item at its first key', () => {
    expect(doc.locate('/spec/containers/1')).toMatchObject({ line: 12, column: 5 });
  });

  it('locates a missing field at its nearest existing ancestor', () => {
    expect(doc.locate('/spec/containers/0/securityContext/runAsNonRoot')).toMatchObject({
      line: 10,
      column: 5,
    });
    expect(doc.locate('/spec/containers/7/name')).toMatchObject({ line: 7, column: 3 });
    expect(doc.locate('/nope')).toMatchObject({ line: 1, column: 1 });
    expect(doc.locate('')).toMatchObject({ line: 1, column: 1 });
  });

  it('gives source lines for code frames', () => {
    expect(doc.sourceLine(11)).toBe('      privileged: true');
    expect(doc.sourceLine(99)).toBeUndefined();
  });
});

describe('multi-document YAML', () => {
  it('keeps document indices (empty documents count) and positions per document', () => {
    const text = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\n# comment only\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n`;
    const r = parseManifestText(text, 'm.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => [d.name, d.documentIndex])).toEqual([
      ['a', 0],
      ['b', 3],
    ]);
    expect(r.documents[1]?.locate('/metadata/name')).toMatchObject({ line: 11, column: 18 });
  });

  it('handles CRLF line endings', () => {
    const r = parseManifestText(
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n',
      'w.yaml',
    );
    expect(r.documents[0]?.locate('/metadata/name')).toMatchObject({ line: 4, column: 9 });
    expect(r.documents[0]?.sourceLine(4)).toBe('  name: crlf');
  });

  it('drops a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('apiVersion: v1\nkind: ConfigMap\n'),
    ]);
    const r = parseManifestText(bytes, 'bom.yaml');
    expect(r.documents[0]?.kind).toBe('ConfigMap');
    expect(r.documents[0]?.locate('/kind')).toMatchObject({ line: 2, column: 7 });
  });
});

describe('YAML read as Kubernetes reads it (YAML 1.1, go-yaml v2)', () => {
  const value = (yaml: string) =>
    parseManifestText(`apiVersion: v1\nkind: X\nv: ${yaml}\n`, 'k.yaml').documents[0]?.object.v;

  it.each([
    ['yes', true],
    ['on', true],
    ['Y', true],
    ['off', false],
    ['no', false],
    ['true', true],
    ['"yes"', 'yes'],
    ['0755', 493],
    ['1_000', 1000],
    ['~', null],
    ['2024-01-01', '2024-01-01'],
    ['1:30', '1:30'],
  ])('%s → %j', (yaml, expected) => {
    expect(value(yaml)).toEqual(expected);
  });

  it('applies merge keys', () => {
    const r = parseManifestText(
      'apiVersion: v1\nkind: X\nbase: &b {a: 1}\nv:\n  <<: *b\n  c: 2\n',
      'merge.yaml',
    );
    expect(r.documents[0]?.object.v).toEqual({ a: 1, c: 2 });
  });
});

describe('List kinds', () => {
  const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: first
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: second
`;

  it('turns items into documents with a base pointer', () => {
    const r = parseManifestText(text, 'list.yaml');
    expect(r.documents.map((d) => [d.kind, d.name, d.basePointer, d.documentIndex])).toEqual([
      ['ConfigMap', 'first', '/items/0', 0],
      ['Deployment', 'second', '/items/1', 0],
    ]);
    expect(r.documents[1]?.locate('/metadata/name')).toMatchObject({ line: 11, column: 11 });
    expect(r.documents[1]?.object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'second' },
    });
  });

  it('treats any *List kind with items as a list', () => {
    const r = parseManifestText(text.replace('kind: List', 'kind: PodList'), 'list.yaml');
    expect(r.documents).toHaveLength(2);
  });

  it('keeps a kind ending in List without an items array as an object', () => {
    const r = parseManifestText('apiVersion: x.io/v1\nkind: AllowList\nspec: {}\n', 'a.yaml');
    expect(r.documents.map((d) => d.kind)).toEqual(['AllowList']);
  });

  it('an empty List yields nothing and no error', () => {
    const r = parseManifestText('apiVersion: v1\nkind: List\nitems: []\n', 'e.yaml');
    expect(r.documents).toEqual([]);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['info']);
  });
});

describe('JSON', () => {
  const json = `{
\t"apiVersion": "v1",
\t"kind": "List",
\t"items": [
\t\t{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostNetwork": true}}
\t]
}`;

  it('parses JSON (tab indentation is fine) with positions', () => {
    const r = parseManifestText(json, 'list.json');
    expect(r.diagnostics).toEqual([]);
    const [pod] = r.documents;
    expect(pod?.basePointer).toBe('/items/0');
    expect(pod?.locate('/spec/hostNetwork')).toMatchObject({ line: 5, column: 90 });
  });

  it('keeps JSON strings as strings (no YAML 1.1 conversion)', () => {
    const r = parseManifestText('{"apiVersion":"v1","kind":"X","v":"yes","n":"0755"}', 'x.json');
    expect(r.documents[0]?.object).toMatchObject({ v: 'yes', n: '0755' });
  });

  it('detects JSON on stdin by its first character', () => {
    const r = parseManifestText('\n{"apiVersion":"v1","kind":"ConfigMap"}', '<stdin>');
    expect(r.documents.map((d) => d.kind)).toEqual(['ConfigMap']);
    const y = parseManifestText('{apiVersion: v1, kind: ConfigMap}', '<stdin>');
    expect(y.documents.map((d) => d.kind)).toEqual(['ConfigMap']);
  });
});

describe('parseManifestText: templates and keys', () => {
  const codes = (text: string, file = 't.yaml') =>
    parseManifestText(text, file).diagnostics.map((d) => [
      d.code,
      d.location?.line,
      d.location?.column,
    ]);

  const CHART = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "x.fullname" . }}
  labels:
    {{- include "x.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
`;

  it('reports an unrendered Helm template once, at its first action', () => {
    expect(codes(CHART)).toEqual([['LOAD_TEMPLATE', 4, 9]]);
    const [d] = parseManifestText(CHART, 't.yaml').diagnostics;
    expect(d?.hint).toContain('helm template');
  });

  it('keeps the documents of a template file that parse', () => {
    const r = parseManifestText(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n${CHART}`,
      't.yaml',
    );
    expect(r.documents.map((d) => d.name)).toEqual(['ok']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['LOAD_TEMPLATE']);
  });

  it('lints valid YAML with template strings as it is (Argo parameters)', () => {
    const argo =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  msg: "{{inputs.parameters.message}}"\n  a: "{{ .Values.x }}"\n';
    const r = parseManifestText(argo, 'c.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.documents).toHaveLength(1);
  });

  it('keeps plain YAML errors when there is no template', () => {
    expect(codes('apiVersion: v1\nkind: [unclosed\n').map((c) => c[0])).toEqual([
      'LOAD_YAML_SYNTAX',
    ]);
  });

  it('reports a list used as a map key (LOAD_UNSUPPORTED_VALUE, as the API server cannot read it), and prints nothing to stderr', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      expect(
        codes('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  ? [a, b]\n  : x\n'),
      ).toEqual([['LOAD_UNSUPPORTED_VALUE', 5, 5]]);
      // process.emitWarning delivers on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
