/**
 * Test support: JSON Schema validators from the CRDs in ../shared/schemas (Kyverno,
 * Gatekeeper, PolicyReport), closed so that a field the schema does not know fails the
 * test instead of being pruned silently by the API server. `schemaDir` is absent when the
 * shared checkout is not there: callers skip with a printed reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';

/**
 * `../shared/schemas/<engine>/` next to this checkout (or under `$KPC_SHARED_DIR`, for a
 * git worktree elsewhere), or undefined (with a printed notice) when absent.
 */
export function sharedSchemaDir(engine: 'kyverno' | 'gatekeeper'): URL | undefined {
  const base = process.env.KPC_SHARED_DIR;
  const dir =
    base !== undefined && base !== ''
      ? new URL(`schemas/${engine}/`, pathToFileURL(`${base.replace(/\/+$/, '')}/`))
      : new URL(`../../../../shared/schemas/${engine}/`, import.meta.url);
  if (existsSync(dir)) return dir;
  console.info(`${engine} CRD schemas not found at ${dir.pathname}: schema validation skipped`);
  return undefined;
}

/**
 * The API server prunes unknown fields instead of rejecting them; a field kpc emits that
 * the schema does not know would silently vanish. Closing every object schema that lists
 * its properties (and does not preserve unknown fields) turns that into a test failure.
 */
export function closedSchema(schema: unknown): object {
  if (Array.isArray(schema)) return schema.map(closedSchema);
  if (schema === null || typeof schema !== 'object') return schema as object;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema))
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, closedSchema(pv)]))
        : closedSchema(v);
  if (
    out.properties !== undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true &&
    out.additionalProperties === undefined
  )
    out.additionalProperties = false;
  return out;
}

/** The closed openAPIV3Schema of a served `version` of the CRD in `file` under `dir`. */
export function crdSchema(dir: URL, file: string, version: string): object {
  const crd = parseYaml(readFileSync(new URL(file, dir), 'utf8')) as {
    spec: { versions: { name: string; served: boolean; schema: { openAPIV3Schema: object } }[] };
  };
  const v = crd.spec.versions.find((x) => x.name === version && x.served);
  if (!v) throw new Error(`${file}: version ${version} not served`);
  return closedSchema(v.schema.openAPIV3Schema);
}

/** An Ajv validator for `crdSchema(dir, file, version)` (formats not checked, as the API server). */
export function crdValidator(dir: URL, file: string, version: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(crdSchema(dir, file, version));
}
