/** Reading CustomResourceDefinitions: the kind, group and schema of every version. */
import { type Diagnostic, diagnostic } from '@kpc/ir';
import type { LoadedDocument } from '../loader/types.ts';

/** A JSON Schema node as found in a CRD's `openAPIV3Schema` (OpenAPI v3 subset). */
export type CrdSchemaNode = { readonly [key: string]: unknown };

/** One served version of a CRD with its schema. */
export interface CrdVersion {
  readonly group: string;
  readonly version: string;
  /** `group/version`, the apiVersion of the custom resources. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: CrdSchemaNode;
  /** The CRD document, for locating diagnostics. */
  readonly document: LoadedDocument;
  /** Pointer of `openAPIV3Schema` inside the CRD document. */
  readonly schemaPointer: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The versions with a schema of every `apiextensions.k8s.io/v1` CustomResourceDefinition
 * among `documents`. Other documents are ignored; a CRD without any usable version gets a
 * SCHEMA_INVALID diagnostic. Never throws.
 */
export function crdVersions(documents: readonly LoadedDocument[]): {
  versions: CrdVersion[];
  diagnostics: Diagnostic[];
} {
  const versions: CrdVersion[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of documents) {
    if (doc.kind !== 'CustomResourceDefinition' || doc.apiVersion !== 'apiextensions.k8s.io/v1')
      continue;
    const spec = isObject(doc.object.spec) ? doc.object.spec : {};
    const group = typeof spec.group === 'string' ? spec.group : undefined;
    const names = isObject(spec.names) ? spec.names : {};
    const kind = typeof names.kind === 'string' ? names.kind : undefined;
    const list = Array.isArray(spec.versions) ? spec.versions : [];
    let found = 0;
    list.forEach((v, i) => {
      if (!isObject(v) || typeof v.name !== 'string' || !group || !kind) return;
      const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
      if (!isObject(schema)) return;
      found++;
      versions.push({
        group,
        version: v.name,
        apiVersion: `${group}/${v.name}`,
        kind,
        schema,
        document: doc,
        schemaPointer: `/spec/versions/${i}/schema/openAPIV3Schema`,
      });
    });
    if (found === 0)
      diagnostics.push(
        diagnostic({
          code: 'SCHEMA_INVALID',
          severity: 'error',
          message: `The CustomResourceDefinition ${doc.name ?? ''} has no version with spec.group, spec.names.kind and schema.openAPIV3Schema.`,
          hint: 'Give the CRD as installed in the cluster (apiextensions.k8s.io/v1 with structural schemas).',
          location: doc.locate('/spec'),
          pointer: '/spec',
        }),
      );
  }
  return { versions, diagnostics };
}
