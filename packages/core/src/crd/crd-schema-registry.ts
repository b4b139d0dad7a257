/**
 * Schema validation for users' custom resources: a registry built from their
 * CustomResourceDefinitions, checked with ajv against each version's `openAPIV3Schema`, plus
 * unknown fields the way the API server's structural pruning sees them.
 */

import { createRequire } from 'node:module';
import type { Diagnostic } from '@kpc/ir';
import { escapePointerToken } from '@kpc/ir';
import type { Ajv, ValidateFunction } from 'ajv';
import type { LoadedDocument } from '../loader/types.ts';
import { k8sStructure } from '../schema/k8s-structure.ts';
import type { KindSchema, KindSchemaRegistry } from '../schema/validate-document.ts';
import { findUnknownFields } from '../schema/validate-document.ts';
import { type CrdSchemaNode, crdVersions } from './crd-versions.ts';

// ajv is loaded only when a project declares CRDs (`kpc lint` without them never pays for it).
const require = createRequire(import.meta.url);
function newAjv(): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    logger: false,
    validateFormats: true,
  });
  addFormats(ajv);
  return ajv;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Formats Kubernetes knows beyond ajv-formats; accepted without checking. */
const LENIENT_FORMATS = [
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'password',
  'cidr',
  'mac',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'bsonobjectid',
  'datetime',
  'quantity',
];

/**
 * Translates a structural schema into JSON Schema for ajv: `x-kubernetes-int-or-string`
 * becomes integer-or-string; `nullable` allows null. Recursion depth is bounded by the
 * loader's maxDepth.
 */
function toAjvSchema(node: CrdSchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable' || k === 'description' || k === 'example')
      continue;
    if (k === 'properties' && isObject(v))
      out.properties = Object.fromEntries(
        Object.entries(v).map(([p, s]) => [p, isObject(s) ? toAjvSchema(s) : {}]),
      );
    else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && isObject(v))
      out[k] = toAjvSchema(v);
    else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v))
      out[k] = v.map((s) => (isObject(s) ? toAjvSchema(s) : {}));
    else out[k] = v;
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [
      { type: 'integer' },
      { type: 'string' },
      ...(Array.isArray(out.anyOf) ? out.anyOf : []),
    ];
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** Unknown fields as the API server prunes them: objects with `properties` are closed. */
function unknownFieldsOf(
  value: unknown,
  schema: CrdSchemaNode,
): { pointer: string; known: readonly string[] }[] {
  const out: { pointer: string; known: readonly string[] }[] = [];
  const stack: Array<[unknown, CrdSchemaNode, string, boolean]> = [[value, schema, '', true]];
  while (stack.length > 0) {
    const [v, s, pointer, root] = stack.pop() as [unknown, CrdSchemaNode, string, boolean];
    if (v === null || typeof v !== 'object') continue;
    if (s['x-kubernetes-preserve-unknown-fields'] === true && !isObject(s.properties)) continue;
    if (Array.isArray(v)) {
      if (isObject(s.items))
        for (let i = v.length - 1; i >= 0; i--)
          stack.push([v[i], s.items, `${pointer}/${i}`, false]);
      continue;
    }
    const props = isObject(s.properties) ? s.properties : undefined;
    const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
    const open =
      s['x-kubernetes-preserve-unknown-fields'] === true ||
      s['x-kubernetes-embedded-resource'] === true ||
      s.additionalProperties === true ||
      (!props && !additional);
    for (const [k, child] of Object.entries(v)) {
      const p = `${pointer}/${escapePointerToken(k)}`;
      if (root && (k === 'apiVersion' || k === 'kind')) continue;
      if (root && k === 'metadata') {
        // CRD schemas leave metadata to the API server: check it as ObjectMeta.
        for (const u of findUnknownFields(child, '@apimachinery/apis/meta/v1/ObjectMeta'))
          out.push({ pointer: `/metadata${u.pointer}`, known: u.known });
        continue;
      }
      const childSchema = props && isObject(props[k]) ? (props[k] as CrdSchemaNode) : additional;
      if (childSchema) stack.push([child, childSchema, p, false]);
      else if (!open) out.push({ pointer: p, known: props ? Object.keys(props) : [] });
    }
  }
  return out;
}

/** A registry of custom resource schemas plus the problems found while reading the CRDs. */
export interface CrdSchemaRegistryResult {
  readonly registry: KindSchemaRegistry;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Builds a registry from the CustomResourceDefinitions among `documents` (other documents
 * are ignored) for `validateDocument(doc, { crds })`. Each version's schema is compiled on
 * first use and cached in the registry. A schema that ajv cannot compile makes that kind
 * unchecked (SCHEMA_UNCHECKED_KIND) rather than failing. Never throws.
 */
export function createCrdSchemaRegistry(
  documents: readonly LoadedDocument[],
): CrdSchemaRegistryResult {
  const { versions, diagnostics } = crdVersions(documents);
  const byKey = new Map(versions.map((v) => [`${v.apiVersion}/${v.kind}`, v]));
  const compiled = new Map<string, KindSchema | undefined>();
  let ajv: Ajv | undefined;
  const registry: KindSchemaRegistry = {
    lookup(apiVersion, kind) {
      const key = `${apiVersion}/${kind}`;
      if (compiled.has(key)) return compiled.get(key);
      const v = byKey.get(key);
      let schema: KindSchema | undefined;
      if (v) {
        try {
          if (!ajv) {
            ajv = newAjv();
            for (const f of LENIENT_FORMATS) if (!ajv.formats[f]) ajv.addFormat(f, true);
          }
          const fn: ValidateFunction = ajv.compile(toAjvSchema(v.schema));
          const validate = Object.assign(
            (data: unknown) => {
              const ok = fn(data) as boolean;
              validate.errors = fn.errors ?? null;
              return ok;
            },
            { errors: null as ValidateFunction['errors'] },
          );
          const root = v.schema;
          schema = { validate, unknownFields: (o) => unknownFieldsOf(o, root) };
        } catch {
          schema = undefined;
        }
      }
      compiled.set(key, schema);
      return schema;
    },
  };
  // The structure map is needed for metadata checks; load it now so lookups stay sync-cheap.
  k8sStructure();
  return { registry, diagnostics };
}
