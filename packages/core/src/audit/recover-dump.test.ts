import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import { recoverTruncatedDump } from './recover-dump.ts';

const item = (i: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${i}`, namespace: 'shop', labels: { 'a"b': 'x}y]' } },
  spec: { containers: [{ name: 'c', image: `img:${i}`, args: ['{', ']', '\\"'] }] },
});
const list = {
  apiVersion: 'v1',
  items: [0, 1, 2, 3].map(item),
  kind: 'List',
  metadata: { resourceVersion: '' },
};
const JSON_DUMP = JSON.stringify(list, null, 4);
// kubectl's YAML: zero-indented sequence under items, kind: List after it.
const YAML_DUMP = `apiVersion: v1
items:
${list.items
  .map(
    (o) => `- apiVersion: v1
  kind: Pod
  metadata:
    name: ${o.metadata.name}
    namespace: shop
  spec:
    containers:
    - name: c
      image: "${o.spec.containers[0]!.image}"
      # a comment in an item
      args: ["{", "]"]`,
  )
  .join('\n')}
kind: List
metadata:
  resourceVersion: ""
`;

/** The full dump's objects, to compare recovered ones with. */
function full(text: string) {
  return parseManifestText(text, '/d').documents.map((d) => d.object);
}

describe('recoverTruncatedDump', () => {
  for (const [name, text] of [
    ['json', JSON_DUMP],
    ['yaml', YAML_DUMP],
  ] as const) {
    it(`${name}: at every cut, only complete items are recovered, exactly as in the full dump`, () => {
      const all = full(text);
      expect(all).toHaveLength(4);
      let recoveredSome = 0;
      // Every 3rd offset: every kind of cut point (inside strings, keys, between items) occurs.
      for (let cut = 1; cut < text.length; cut += 3) {
        const part = text.slice(0, cut);
        const loaded = parseManifestText(part, '/d');
        if (loaded.diagnostics.every((d) => d.severity !== 'error')) continue; // a valid prefix
        const r = recoverTruncatedDump('/d', part);
        if (r === undefined) continue;
        recoveredSome++;
        const objects = r.documents.map((d) => d.object);
        expect(objects, `cut at ${cut}`).toEqual(all.slice(0, objects.length));
        // Positions are those of the original file.
        const p = r.documents[0]!;
        expect(p.locate('/metadata/name').line).toBe(
          parseManifestText(text, '/d').documents[0]!.locate('/metadata/name').line,
        );
        expect(r.diagnostics.map((d) => d.code)).toEqual(['AUDIT_TRUNCATED']);
      }
      expect(recoveredSome).toBeGreaterThan(0);
    });
  }

  it('a dump whose items all ended is not recovered (the error is elsewhere)', () => {
    const broken = YAML_DUMP.replace('kind: List', 'kind: List\nmetadata: [');
    expect(recoverTruncatedDump('/d', broken)).toBeUndefined();
    expect(recoverTruncatedDump('/d', '{"kind": "List", "items": [], "x": ')).toBeUndefined();
    expect(recoverTruncatedDump('/d', 'apiVersion: v1\nkind: Pod\n')).toBeUndefined();
  });
});
