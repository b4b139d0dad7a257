import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import { validateDocument } from '../schema/validate-document.ts';
import { createCrdSchemaRegistry } from './crd-schema-registry.ts';

const CRD = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'widgets.example.com.yaml'),
  'utf8',
);
const { registry, diagnostics } = createCrdSchemaRegistry(
  parseManifestText(CRD, 'crd.yaml').documents,
);

const check = (yaml: string) =>
  parseManifestText(yaml, 'w.yaml').documents.flatMap((d) =>
    validateDocument(d, { crds: registry }).map((x) => [
      x.code,
      x.pointer,
      x.location?.line,
      x.hint,
    ]),
  );

describe('createCrdSchemaRegistry', () => {
  it('reads the CRD without problems', () => {
    expect(diagnostics).toEqual([]);
  });

  it('accepts a valid custom resource (int-or-string, preserve-unknown, embedded resource)', () => {
    expect(
      check(`apiVersion: example.com/v1
kind: Widget
metadata: {name: w, labels: {a: b}}
spec:
  image: x
  port: http
  config: {anything: {goes: [1, 2]}}
  template: {apiVersion: v1, kind: Pod, whatever: true}
status: {ready: true}
`),
    ).toEqual([]);
  });

  it('reports types, required, enums and unknown fields with pointers', () => {
    expect(
      check(`apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  lables: {a: b}
spec:
  replicas: -1
  port: [1]
  mode: turbo
  privilaged: true
`),
    ).toEqual([
      ['SCHEMA_UNKNOWN_FIELD', '/metadata/lables', 5, 'Did you mean `labels`?'],
      ['SCHEMA_REQUIRED', '/spec/image', 6, 'Add `image`.'],
      ['SCHEMA_INVALID', '/spec/replicas', 7, undefined],
      ['SCHEMA_TYPE', '/spec/port', 8, undefined],
      ['SCHEMA_ENUM', '/spec/mode', 9, undefined],
      ['SCHEMA_UNKNOWN_FIELD', '/spec/privilaged', 10, 'Did you mean `privileged`?'],
    ]);
  });

  it('checks each version with its own schema', () => {
    expect(
      check(
        'apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n',
      ),
    ).toEqual([]);
    expect(
      check(
        'apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: {name: w}\nspec: {image: x}\n',
      ),
    ).toEqual([
      ['SCHEMA_UNKNOWN_FIELD', '/spec/image', 4, 'Check the spelling against the API reference.'],
    ]);
  });

  it('leaves kinds it does not know unchecked', () => {
    expect(check('apiVersion: example.com/v2\nkind: Widget\nmetadata: {name: w}\n')).toEqual([
      [
        'SCHEMA_UNCHECKED_KIND',
        '/kind',
        2,
        'Give kpc the CustomResourceDefinition to check it, or ignore this for kinds you trust.',
      ],
    ]);
  });
});
