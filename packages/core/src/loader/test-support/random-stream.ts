/** Test-only: random multi-document YAML streams, for the split and streamed-read properties. */
import fc from 'fast-check';
import { stringify } from 'yaml';

/** Documents as raw text, each ending with a line break: what manifests and streams hold. */
export const RAW_DOCUMENTS = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  k: v\n',
  // A block scalar holding `---` and `...` lines that are indented: content, not markers.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: block}\ndata:\n  s: |\n    ---\n    x: 1\n    ...\n  t: >\n    --- a\n',
  // A block scalar ended by the marker that follows it (no trailing line break kept).
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: block-end}\ndata:\n  s: |-\n    last\n',
  // A quoted scalar across lines; the second holds a marker-like text that is not at column 0.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: quoted}\ndata:\n  s: "a\n    --- b"\n  t: \'c\n    ... d\'\n',
  // A quoted scalar cut by a marker at column 0: an error in the yaml package and go-yaml.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cut}\ndata:\n  s: "open\n---\n  rest"\n',
  // Quoted scalars never closed: they run on to the next quote of their kind, or the end.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: open}\ndata:\n  s: "never closed\n',
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: open1}\ndata:\n  s: 'never closed\n",
  // Malformed: an unclosed flow sequence.
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec: [1,\n',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p0}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p1}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: alias}\ndata: {x: *m}\n',
  '- not\n- an object\n',
  'apiVersion: v1\nkind: X\nmetadata:\n\tname: tab\n',
  'apiVersion: v1\nkind: X\nkind: Y\n',
  'apiVersion: v1\nkind: X\nmetadata: {name: "\u0007"}\n',
  'kind: NoVersion\n',
  '# only a comment\n',
  '',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "{{ .Values.x }}"}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
  'apiVersion: v1\nkind: X\nmetadata: {name: ended}\n...\n',
  'apiVersion: v1\nkind: X\nmetadata: {name: flow}\nspec: {a: [1, 2], b: {c: d}}\n',
  // Characters of two, three and four UTF-8 bytes (and UTF-16 surrogate pairs), so that reads
  // cut them and columns count UTF-16 units after them.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: é€}\ndata:\n  k: "😀 ü"\n  l: ✓\n',
  '# ünïcödé 😀 comment\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: u}\n',
  // A tag handle of a `%TAG` directive: the yaml package (YAML 1.1) keeps it for the
  // documents after the one it was given for.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tagged}\ndata: {k: !e!str x}\n',
  // Characters go-yaml refuses or reads as line breaks: in a value and in a comment.
  'apiVersion: v1\nkind: X\nmetadata: {name: "a\u0085b"}\n',
  '# \u2028 in a comment\napiVersion: v1\nkind: X\nmetadata: {name: c}\n',
  'apiVersion: v1\nkind: X\nmetadata: {name: lone\rcr}\n',
];

/** What comes between two documents. */
export const SEPARATORS = [
  '---\n',
  '--- # a comment\n',
  '---\n# a comment\n',
  '--- \n',
  '---\t\n',
  '...\n---\n',
  '...\n%YAML 1.1\n---\n',
  '...\n# c\n%TAG !e! tag:example.com,2000:\n\n---\n',
  '---\n---\n',
  '# between\n---\n',
  // A bare document after a document end marker.
  '...\n',
  // A character go-yaml refuses, outside every document: reported at the end of the stream.
  '...\n# \u0007 between\n---\n',
  '--- {}\n---\n',
];

const manifestValue = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constantFrom('ConfigMap', 'Pod'),
  metadata: fc.record({ name: fc.string({ maxLength: 6 }) }),
  data: fc.dictionary(
    fc.string({ maxLength: 5 }),
    fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('yes', '0755', '---', '...', 'a\n---\nb', '... x', '%x', '#'),
      fc.integer(),
      fc.boolean(),
    ),
    { maxKeys: 4 },
  ),
});

const document = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RAW_DOCUMENTS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(manifestValue, fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'BLOCK_LITERAL'))
      .map(([v, style]) =>
        stringify(v, {
          defaultStringType: style as 'PLAIN',
          defaultKeyType: 'PLAIN',
          lineWidth: 20,
        }),
      ),
  },
);

export const randomStream = fc
  .record({
    docs: fc.array(fc.tuple(fc.constantFrom(...SEPARATORS), document), {
      minLength: 1,
      maxLength: 8,
    }),
    lead: fc.constantFrom('', '---\n', '# head\n', '%YAML 1.1\n---\n'),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    noFinalBreak: fc.boolean(),
  })
  .map(({ docs, lead, bom, crlf, noFinalBreak }) => {
    let text = lead + docs.map(([sep, d], i) => (i === 0 ? d : sep + d)).join('');
    if (noFinalBreak) text = text.replace(/\n$/, '');
    if (crlf) text = text.replace(/\n/g, '\r\n');
    return bom ? `\uFEFF${text}` : text;
  });
