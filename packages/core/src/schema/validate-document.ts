/**
 * Schema validation of one loaded manifest before any rule runs: wrong types, missing
 * required fields, enum and format violations (the kubernetes-models validators) and
 * unknown fields (the generated structure map), each with a JSON Pointer and a location.
 */
import {
  type Diagnostic,
  type DiagnosticCode,
  diagnostic,
  escapePointerToken,
  fromPointer,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  podSpecLocationOf,
  toPointer,
} from '@kpc/ir';
import type { LoadedDocument } from '../loader/types.ts';
import { type ApiCheck, createApiChecker } from './check-api-version.ts';
import { closestName } from './edit-distance.ts';
import {
  builtInValidator,
  isLeafRef,
  k8sStructure,
  type SchemaValidator,
  type SchemaValidatorError,
  type TypeRef,
} from './k8s-structure.ts';

/** Schemas of kinds that are not built in (users' CRDs), looked up by apiVersion and kind. */
export interface KindSchemaRegistry {
  lookup(apiVersion: string, kind: string): KindSchema | undefined;
}

/** What validation needs of one kind: a validator and, optionally, an unknown-field check. */
export interface KindSchema {
  readonly validate: SchemaValidator;
  /**
   * Unknown fields of `object` as pointers with the known names at that place (for the
   * spelling hint). Omitted when the schema allows any field.
   */
  readonly unknownFields?: (
    object: unknown,
  ) => readonly { pointer: string; known: readonly string[] }[];
}

/** Options of {@link validateDocument}. */
export interface ValidateOptions {
  /** Schemas of users' CRDs (see `createCrdSchemaRegistry`). */
  readonly crds?: KindSchemaRegistry;
  /**
   * The apiVersion/kind check (`createApiChecker`, with the target Kubernetes version and the
   * CRD kinds). Default: the check against Kubernetes 1.33, exempting kinds in `crds`.
   */
  readonly api?: (apiVersion: string, kind: string) => ApiCheck;
  /**
   * Where pod specs live (config `podTemplates`, `podSpecLocationsOf`). A declared custom kind
   * without a CRD schema in `crds` still has its pod template checked, as a PodTemplateSpec
   * (or a PodSpec for `specPath`). Default the built-in kinds.
   */
  readonly podSpecLocations?: readonly PodSpecLocation[];
}

let defaultApiChecker: ((apiVersion: string, kind: string) => ApiCheck) | undefined;
const apiCheckersByCrds = new WeakMap<
  KindSchemaRegistry,
  (apiVersion: string, kind: string) => ApiCheck
>();

function apiCheckerOf(options: ValidateOptions): (apiVersion: string, kind: string) => ApiCheck {
  if (options.api) return options.api;
  const crds = options.crds;
  if (crds) {
    let checker = apiCheckersByCrds.get(crds);
    if (!checker) {
      checker = createApiChecker({ isCustomKind: (a, k) => crds.lookup(a, k) !== undefined });
      apiCheckersByCrds.set(crds, checker);
    }
    return checker;
  }
  defaultApiChecker ??= createApiChecker();
  return defaultApiChecker;
}

/**
 * Validates one document against the schema of its kind, after checking that its apiVersion
 * and kind are served by the target Kubernetes version (`options.api`). Built-in kinds use the Kubernetes
 * 1.33 schemas of kubernetes-models; kinds in `options.crds` use their CRD schema; any other
 * kind gets one SCHEMA_UNCHECKED_KIND info diagnostic. Explicit nulls in maps mean "unset"
 * (as for the API server) and are not type errors. Never throws.
 */
export function validateDocument(doc: LoadedDocument, options: ValidateOptions = {}): Diagnostic[] {
  const api = apiCheckerOf(options)(doc.apiVersion, doc.kind).diagnostics.map((d) =>
    diagnostic({ ...d, location: doc.locate(d.pointer ?? '') }),
  );
  const validator = builtInValidator(doc.apiVersion, doc.kind);
  const key = `${doc.apiVersion}/${doc.kind}`;
  let schema: KindSchema | undefined;
  if (validator) {
    const typeId = k8sStructure().kinds[key]?.type;
    schema = {
      validate: validator,
      unknownFields: (o) => (typeId ? findUnknownFields(o, typeId) : []),
    };
  } else schema = options.crds?.lookup(doc.apiVersion, doc.kind);
  if (!schema) {
    // An API Kubernetes does not have is reported as such, not as "a kind without a schema".
    if (api.length > 0) return api;
    const loc = podSpecLocationOf(doc.apiVersion, doc.kind, options.podSpecLocations);
    const custom =
      loc !== undefined && !POD_SPEC_LOCATIONS.includes(loc) && loc.checkPodSpec !== false;
    return [
      diagnostic({
        code: 'SCHEMA_UNCHECKED_KIND',
        severity: 'info',
        message: custom
          ? `${doc.kind} (${doc.apiVersion}) has no known schema; only its pod template (${podTemplateOf(loc)}) was schema-checked, as a ${ownMetadata(loc) ? 'PodSpec' : 'PodTemplateSpec'}.`
          : `${doc.kind} (${doc.apiVersion}) has no known schema; it was not schema-checked.`,
        hint: 'Give kpc the CustomResourceDefinition to check it, or ignore this for kinds you trust.',
        location: doc.locate('/kind'),
        pointer: '/kind',
      }),
      ...(custom ? podTemplateDiagnostics(doc, loc) : []),
    ];
  }
  return [...api, ...checkAgainst(doc, doc.object, schema, `the ${doc.kind} schema`)].sort(
    byPointer,
  );
}

/**
 * Schema diagnostics of `data` (the document's object, or a stand-in for part of it) against
 * `schema`; `what` names the schema in unknown-field messages. Never throws.
 */
function checkAgainst(
  doc: LoadedDocument,
  object: unknown,
  schema: KindSchema,
  what: string,
): Diagnostic[] {
  try {
    // Copy only when needed: most manifests have no explicit null.
    const data = hasNullEntry(object) ? withoutNulls(object) : object;
    const out: Diagnostic[] = [];
    const valid = schema.validate(data);
    if (!valid) out.push(...mapErrors(doc, schema.validate.errors ?? []));
    for (const u of schema.unknownFields?.(data) ?? []) {
      const name = u.pointer
        .slice(u.pointer.lastIndexOf('/') + 1)
        .replace(/~1/g, '/')
        .replace(/~0/g, '~');
      const suggestion = closestName(name, u.known);
      out.push(
        diagnostic({
          code: 'SCHEMA_UNKNOWN_FIELD',
          severity: 'error',
          message: `Unknown field \`${name}\`: ${what} has no such field here, so Kubernetes would reject or drop it.`,
          hint: suggestion
            ? `Did you mean \`${suggestion}\`?`
            : 'Check the spelling against the API reference.',
          location: doc.locate(u.pointer),
          pointer: u.pointer,
        }),
      );
    }
    return out;
  } catch (e) {
    return [
      diagnostic({
        code: 'INTERNAL',
        severity: 'error',
        message: `Schema validation failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
        hint: 'Please report this with the manifest.',
        location: doc.locate(''),
        pointer: '',
      }),
    ];
  }
}

function byPointer(a: Diagnostic, b: Diagnostic): number {
  const la = a.location;
  const lb = b.location;
  if (la && lb && (la.line !== lb.line || la.column !== lb.column))
    return la.line - lb.line || la.column - lb.column;
  const pa = a.pointer ?? '';
  const pb = b.pointer ?? '';
  return pa < pb ? -1 : pa > pb ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** True for a `specPath` declaration: the pods' metadata is the object's own. */
function ownMetadata(loc: PodSpecLocation): boolean {
  return loc.metadataPath.length === 1 && loc.metadataPath[0] === 'metadata';
}

/** The dotted path of a location's pod template (`spec.template`), or of its bare pod spec. */
function podTemplateOf(loc: PodSpecLocation): string {
  return (ownMetadata(loc) ? loc.specPath : loc.specPath.slice(0, -1)).join('.');
}

/**
 * The pod template of a declared custom kind without a CRD schema, checked as the template
 * of a v1 PodTemplate (PodTemplateSpec: metadata and spec; only the spec for `specPath`
 * declarations, whose pods' metadata is the object's own). Pointers are the object's.
 */
function podTemplateDiagnostics(doc: LoadedDocument, loc: PodSpecLocation): Diagnostic[] {
  const validator = builtInValidator('v1', 'PodTemplate');
  const typeId = k8sStructure().kinds['v1/PodTemplate']?.type;
  if (!validator || !typeId) return [];
  const at = (path: readonly string[]): unknown => {
    let cur: unknown = doc.object;
    for (const k of path)
      cur =
        cur !== null && typeof cur === 'object' && !Array.isArray(cur)
          ? (cur as Record<string, unknown>)[k]
          : undefined;
    return cur;
  };
  const template: Record<string, unknown> = {};
  const spec = at(loc.specPath);
  if (spec !== undefined) template.spec = spec;
  const metadata = ownMetadata(loc) ? undefined : at(loc.metadataPath);
  if (metadata !== undefined) template.metadata = metadata;
  const stand = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'x' }, template };
  // `/template/spec/…` → `<specPath>/…`, `/template/metadata/…` → `<metadataPath>/…`.
  const toObject = (pointer: string): string => {
    const t = fromPointer(pointer);
    if (t[0] !== 'template') return '';
    if (t[1] === 'spec') return toPointer([...loc.specPath, ...t.slice(2)]);
    if (t[1] === 'metadata') return toPointer([...loc.metadataPath, ...t.slice(2)]);
    return toPointer(loc.specPath);
  };
  const mapped: LoadedDocument = { ...doc, locate: (p) => doc.locate(toObject(p)) };
  return checkAgainst(
    mapped,
    stand,
    { validate: validator, unknownFields: (o) => findUnknownFields(o, typeId) },
    'a pod spec',
  )
    .map((d) => ({ ...d, pointer: toObject(d.pointer ?? '') }))
    .sort(byPointer);
}

/** Whether any map in the value has a null entry. Iterative, no allocation per node. */
function hasNullEntry(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    for (const k in v) {
      const item = (v as Record<string, unknown>)[k];
      if (item === null) return true;
      if (typeof item === 'object') stack.push(item);
    }
  }
  return false;
}

/**
 * A copy without null-valued map entries (array elements keep their indices). `for…in` over
 * the loader's plain objects gives the `Object.entries` order without a pair per entry.
 */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = withoutNulls(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  const src = value as Record<string, unknown>;
  for (const k in src) {
    if (!Object.hasOwn(src, k)) continue;
    const v = src[k];
    if (v !== null) out[k] = withoutNulls(v);
  }
  return out;
}

/** Maps ajv-style errors to diagnostics; type errors under one oneOf/anyOf are merged. */
function mapErrors(doc: LoadedDocument, errors: readonly SchemaValidatorError[]): Diagnostic[] {
  const byPath = new Map<string, SchemaValidatorError[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (code: DiagnosticCode, pointer: string, message: string, hint?: string): void => {
    const id = `${code} ${pointer}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(
      diagnostic({
        code,
        severity: 'error',
        message,
        ...(hint ? { hint } : {}),
        location: doc.locate(pointer),
        pointer,
      }),
    );
  };
  for (const [path, list] of byPath) {
    const types = [
      ...new Set(
        list.filter((e) => e.keyword === 'type').map((e) => String(e.params.type ?? 'valid')),
      ),
    ].sort();
    if (types.length > 0)
      push('SCHEMA_TYPE', path, `\`${fieldName(path)}\` must be ${types.join(' or ')}.`);
    for (const e of list) {
      switch (e.keyword) {
        case 'type':
        case 'oneOf':
        case 'anyOf':
          if (types.length === 0)
            push('SCHEMA_INVALID', path, `\`${fieldName(path)}\` does not match its schema.`);
          break;
        case 'required': {
          const missing = String(e.params.missingProperty ?? '');
          push(
            'SCHEMA_REQUIRED',
            `${path}/${escapePointerToken(missing)}`,
            `Missing required field \`${missing}\`.`,
            `Add \`${missing}\`.`,
          );
          break;
        }
        case 'enum': {
          const allowed = Array.isArray(e.params.allowedValues) ? e.params.allowedValues : [];
          push(
            'SCHEMA_ENUM',
            path,
            `\`${fieldName(path)}\` must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`,
          );
          break;
        }
        case 'format':
          push(
            'SCHEMA_FORMAT',
            path,
            `\`${fieldName(path)}\` must be in the format ${String(e.params.format)}.`,
          );
          break;
        default:
          push(
            'SCHEMA_INVALID',
            path,
            `\`${fieldName(path)}\` breaks the schema rule \`${e.keyword}\`.`,
          );
      }
    }
  }
  return out;
}

function fieldName(pointer: string): string {
  if (pointer === '') return '(document)';
  return pointer.slice(1).replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A place being checked: its value and type, and how it was reached (for its pointer). */
class Frame {
  constructor(
    readonly value: unknown,
    readonly ref: TypeRef,
    readonly parent: Frame | undefined,
    readonly token: string,
  ) {}
  /** The JSON Pointer, built only for the places that are reported. */
  pointer(): string {
    const tokens: string[] = [];
    for (let f: Frame | undefined = this; f?.parent; f = f.parent) tokens.push(f.token);
    let out = '';
    for (let i = tokens.length - 1; i >= 0; i--)
      out += `/${escapePointerToken(tokens[i] as string)}`;
    return out;
  }
}

const knownNames = new Map<string, readonly string[]>();

/**
 * Unknown fields of a built-in kind's object, walking the generated structure map
 * iteratively. Leaves (scalars, and `*`: RawExtension, JSON, …) are never entered; values of
 * the wrong shape are left to the type check.
 */
export function findUnknownFields(
  object: unknown,
  typeId: string,
): { pointer: string; known: readonly string[] }[] {
  const types = k8sStructure().types;
  const out: { pointer: string; known: readonly string[] }[] = [];
  const stack: Frame[] = [new Frame(object, typeId, undefined, '')];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value, ref } = frame;
    if (isLeafRef(ref) || value === null || typeof value !== 'object') continue;
    if (ref.charCodeAt(0) === 91 /* [ */ && ref.startsWith('[]')) {
      if (Array.isArray(value)) {
        const item = ref.slice(2);
        for (let i = value.length - 1; i >= 0; i--)
          stack.push(new Frame(value[i], item, frame, String(i)));
      }
      continue;
    }
    if (Array.isArray(value)) continue;
    if (ref.charCodeAt(0) === 123 /* { */ && ref.startsWith('{}')) {
      const item = ref.slice(2);
      if (isLeafRef(item)) continue; // nothing to check inside (labels, annotations…)
      for (const k of Object.keys(value))
        stack.push(new Frame((value as Record<string, unknown>)[k], item, frame, k));
      continue;
    }
    const fields = types[ref];
    if (!fields) continue;
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const fieldRef = Object.hasOwn(fields, k) ? fields[k] : undefined;
      if (fieldRef === undefined) {
        let known = knownNames.get(ref);
        if (!known) {
          known = Object.keys(fields);
          knownNames.set(ref, known);
        }
        out.push({ pointer: new Frame(undefined, '*', frame, k).pointer(), known });
      } else if (!isLeafRef(fieldRef)) {
        const v = obj[k];
        if (v !== null && typeof v === 'object') stack.push(new Frame(v, fieldRef, frame, k));
      }
    }
  }
  return out;
}
