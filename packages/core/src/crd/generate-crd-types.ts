/**
 * TypeScript types for users' CustomResourceDefinitions, generated from each version's
 * `openAPIV3Schema` with json-schema-to-typescript, plus a `KindTypes` augmentation so
 * that rules can target the custom kind with full typing (docs/crd-types.md).
 */

import { type Diagnostic, diagnostic } from '@kpc/ir';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import { type CrdSchemaNode, crdVersions } from './crd-versions.ts';

/** The generated module text and any diagnostics (loader problems, unusable schemas). */
export interface CrdTypesResult {
  readonly code: string;
  readonly diagnostics: readonly Diagnostic[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/**
 * Converts a structural CRD schema node into the JSON Schema json-schema-to-typescript
 * expects. Kubernetes extensions: `x-kubernetes-int-or-string` → `number | string`;
 * `x-kubernetes-preserve-unknown-fields` and `x-kubernetes-embedded-resource` → extra fields
 * allowed; otherwise objects are closed (the API server prunes unknown fields).
 * `allOf`/`anyOf`/`oneOf`/`not` only validate in structural schemas and are dropped.
 * Depth is bounded by the loader's maxDepth.
 */
export function toTypeSchema(node: CrdSchemaNode): JSONSchema {
  const out: Record<string, unknown> = {};
  if (typeof node.description === 'string') out.description = node.description;
  if (node['x-kubernetes-int-or-string'] === true) return { ...out, tsType: 'number | string' };
  const preserve =
    node['x-kubernetes-preserve-unknown-fields'] === true ||
    node['x-kubernetes-embedded-resource'] === true;
  const type = typeof node.type === 'string' ? node.type : undefined;
  if (Array.isArray(node.enum)) out.enum = node.enum.filter((v) => v !== null);
  if (type === 'array') {
    out.type = 'array';
    out.items = isObject(node.items) ? toTypeSchema(node.items) : {};
    return out;
  }
  if (type === 'object' || isObject(node.properties) || (type === undefined && preserve)) {
    if (type === undefined && preserve && !isObject(node.properties))
      return { ...out, tsType: '{ [key: string]: unknown }' };
    out.type = 'object';
    if (isObject(node.properties)) {
      const props: Record<string, JSONSchema> = {};
      for (const [k, v] of Object.entries(node.properties))
        if (isObject(v)) props[k] = toTypeSchema(v);
      out.properties = props;
    }
    if (Array.isArray(node.required))
      out.required = node.required.filter((r) => typeof r === 'string');
    if (isObject(node.additionalProperties))
      out.additionalProperties = toTypeSchema(node.additionalProperties);
    else if (preserve || node.additionalProperties === true) out.additionalProperties = true;
    else out.additionalProperties = false;
    if (preserve && !out.properties && out.additionalProperties === true)
      return { ...out, tsType: '{ [key: string]: unknown }' };
    return out;
  }
  if (type === 'integer' || type === 'number') return { ...out, type: 'number' };
  if (type === 'string' || type === 'boolean') return { ...out, type };
  return { ...out, tsType: 'unknown' };
}

/**
 * Generates a TypeScript module for every CRD (apiextensions.k8s.io/v1) in `crdYamlText`:
 * one exported interface per version (`<Kind><Version>`, e.g. `WidgetV1beta1`) and a
 * `declare module '@kpc/core'` augmentation of `KindTypes` mapping the kind to the union of
 * its versions. Deterministic; never throws (problems are diagnostics).
 */
export async function generateCrdTypes(crdYamlText: string, file: string): Promise<CrdTypesResult> {
  const loaded = parseManifestText(crdYamlText, file);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const { versions, diagnostics: crdDiagnostics } = crdVersions(loaded.documents);
  diagnostics.push(...crdDiagnostics);
  const blocks: string[] = [];
  const kinds = new Map<string, string[]>();
  for (const v of versions) {
    const name = `${pascal(v.kind)}${pascal(v.version)}`;
    const root = toTypeSchema(v.schema) as Record<string, unknown>;
    const props: Record<string, JSONSchema> = isObject(root.properties)
      ? { ...(root.properties as Record<string, JSONSchema>) }
      : {};
    props.apiVersion = { type: 'string', enum: [v.apiVersion] };
    props.kind = { type: 'string', enum: [v.kind] };
    props.metadata = { tsType: 'ObjectMeta' };
    const required = new Set(Array.isArray(root.required) ? (root.required as string[]) : []);
    required.add('apiVersion');
    required.add('kind');
    const schema: JSONSchema = {
      ...root,
      type: 'object',
      title: name,
      properties: props,
      required: [...required],
      additionalProperties: false,
    };
    delete (schema as Record<string, unknown>).tsType;
    try {
      const ts = await compile(schema, name, {
        bannerComment: '',
        additionalProperties: false,
        declareExternallyReferenced: true,
        strictIndexSignatures: false,
        unknownAny: true,
        format: true,
        style: { singleQuote: true, printWidth: 100 },
      });
      blocks.push(ts.trim());
      // json-schema-to-typescript normalises the title's casing (V1alpha2 → V1Alpha2).
      const emitted = [...ts.matchAll(/export (?:interface|type) (\w+)/g)]
        .map((m) => m[1] ?? '')
        .find((n) => n.toLowerCase() === name.toLowerCase());
      const list = kinds.get(v.kind) ?? [];
      list.push(emitted ?? name);
      kinds.set(v.kind, list);
    } catch (e) {
      diagnostics.push(
        diagnostic({
          code: 'SCHEMA_INVALID',
          severity: 'error',
          message: `Could not generate types for ${v.kind} ${v.version}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
          hint: 'Check that the openAPIV3Schema is a structural schema.',
          location: v.document.locate(v.schemaPointer),
          pointer: v.schemaPointer,
        }),
      );
    }
  }
  const augment = [...kinds.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, names]) => `    ${kind}: ${names.join(' | ')};`);
  const code = [
    `// Code generated by kpc from ${file}. DO NOT EDIT.`,
    '// Regenerate with generateCrdTypes() from @kpc/core (docs/crd-types.md).',
    "import type { ObjectMeta } from '@kpc/core';",
    '',
    ...blocks.flatMap((b) => [b, '']),
    "declare module '@kpc/core' {",
    '  interface KindTypes {',
    ...augment,
    '  }',
    '}',
    '',
  ].join('\n');
  return { code, diagnostics };
}
