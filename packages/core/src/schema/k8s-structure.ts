/**
 * The structural field map of Kubernetes types (generated from kubernetes-models' .d.ts by
 * scripts/gen-k8s-structure.ts) and the registry of built-in kinds with their validators.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A type reference: a type id (always with a `/`), `[]<ref>`, `{}<ref>`, a JSON scalar type
 * (`string`, `boolean`, `number`) or `*` (not typed exactly; not checked further).
 */
export type TypeRef = string;

/** True for a reference with no fields inside: a scalar type or `*`. */
export function isLeafRef(ref: TypeRef): boolean {
  return ref === '*' || ref === 'string' || ref === 'boolean' || ref === 'number';
}

/** The generated structure map (see scripts/gen-k8s-structure.ts for the format). */
export interface K8sStructureData {
  readonly $comment: string;
  readonly kubernetesModels: string;
  readonly kinds: Readonly<Record<string, { readonly type: string; readonly validator: string }>>;
  readonly types: Readonly<Record<string, Readonly<Record<string, TypeRef>>>>;
}

/** One error as reported by the kubernetes-models (ajv standalone) validators. */
export interface SchemaValidatorError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A compiled validator: returns true when valid, else sets `errors`. */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: readonly SchemaValidatorError[] | null;
}

const require = createRequire(import.meta.url);
let structure: K8sStructureData | undefined;

/** The generated structure map, loaded once. */
export function k8sStructure(): K8sStructureData {
  structure ??= require('./k8s-structure.generated.json') as K8sStructureData;
  return structure;
}

/** `apiVersion/kind` keys of every built-in kind with a schema, sorted. */
export function builtInKinds(): readonly string[] {
  return Object.keys(k8sStructure().kinds);
}

/** Whether `apiVersion`/`kind` is a built-in kind with a schema. */
export function isBuiltInKind(apiVersion: string, kind: string): boolean {
  return Object.hasOwn(k8sStructure().kinds, `${apiVersion}/${kind}`);
}

const validators = new Map<string, SchemaValidator>();
let modelsRoot: string | undefined;

/**
 * The build's bundle of the same validators (scripts/bundle-validators.mjs: one small module
 * per kind instead of ~180 CommonJS files for a Pod), next to this module in `dist/`. Running
 * from the TypeScript sources, or without a build, the validators load from kubernetes-models.
 */
const BUNDLED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'validators');
let bundled: boolean | undefined;

/** The directory of the bundled validators, or undefined when this copy has none. */
export function bundledValidatorsDir(): string | undefined {
  bundled ??= existsSync(join(BUNDLED_DIR, 'index.json'));
  return bundled ? BUNDLED_DIR : undefined;
}

/** The validator `name` (a kubernetes-models schema id) from kubernetes-models itself. */
export function modelsValidator(name: string): SchemaValidator {
  // kubernetes-models does not export `_schemas/*`; its standalone validators are loaded by
  // path, which skips building a model object for every manifest.
  modelsRoot ??= dirname(require.resolve('kubernetes-models'));
  return (require(join(modelsRoot, '_schemas', `${name}.js`)) as { validate: SchemaValidator })
    .validate;
}

/** The validator of a built-in kind (loaded lazily and cached), or undefined for other kinds. */
export function builtInValidator(apiVersion: string, kind: string): SchemaValidator | undefined {
  const key = `${apiVersion}/${kind}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const entry = k8sStructure().kinds[key];
  if (!entry || !/^\w+$/.test(entry.validator)) return undefined;
  const dir = bundledValidatorsDir();
  const validate =
    dir === undefined
      ? modelsValidator(entry.validator)
      : (require(join(dir, `${entry.validator}.mjs`)) as { validate: SchemaValidator }).validate;
  validators.set(key, validate);
  return validate;
}
