/**
 * How an exception decides whether it exempts one finding: the reference semantics of the
 * exception model (docs/exceptions.md), shared by lint, audit and the backends' tests.
 *
 * An exception exempts a finding of rule R on object O (and, for a finding about a
 * container, that container) when: R is in `rules`; every selector given matches (any
 * `resources` entry, any `namespaces` glob, all `labels`); when `images` is given, the
 * finding lies in a container whose image matches one of the globs; and it is active.
 */

import {
  type Diagnostic,
  fromPointer,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  podSpecLocationOf,
  toPointer,
} from '@kpc/ir';
import {
  type ExceptionRef,
  exceptionRef,
  globMatch,
  isActive,
  type PolicyExceptionSpec,
  type ResolvedException,
} from '../config/exception-spec.ts';

/** What selectors look at on an object. */
export interface ExceptionSubject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  /** metadata.labels (string values only). */
  readonly labels: Readonly<Record<string, string>>;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The subject of a manifest object. */
export function subjectOf(object: Readonly<Record<string, unknown>>): ExceptionSubject {
  const meta = isMap(object.metadata) ? object.metadata : {};
  const labels: Record<string, string> = {};
  if (isMap(meta.labels))
    for (const [k, v] of Object.entries(meta.labels)) if (typeof v === 'string') labels[k] = v;
  return {
    kind: typeof object.kind === 'string' ? object.kind : '',
    ...(typeof meta.namespace === 'string' && meta.namespace !== ''
      ? { namespace: meta.namespace }
      : {}),
    ...(typeof meta.name === 'string' ? { name: meta.name } : {}),
    labels,
  };
}

/** True when the object selectors (resources, namespaces, labels) all match. */
export function selectsObject(e: PolicyExceptionSpec, s: ExceptionSubject): boolean {
  if (
    e.resources !== undefined &&
    !e.resources.some(
      (r) =>
        (r.kind === undefined || r.kind === s.kind) &&
        (r.namespace === undefined || r.namespace === s.namespace) &&
        (r.name === undefined || (s.name !== undefined && globMatch(r.name, s.name))),
    )
  )
    return false;
  if (
    e.namespaces !== undefined &&
    (s.namespace === undefined || !e.namespaces.some((p) => globMatch(p, s.namespace!)))
  )
    return false;
  if (e.labels !== undefined && !Object.entries(e.labels).every(([k, v]) => s.labels[k] === v))
    return false;
  return true;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** A container a finding lies in: its pointer (relative to the object) and its image. */
export interface ContainerRef {
  readonly pointer: string;
  /** The image, or undefined when the container has none (then no image glob matches). */
  readonly image?: string;
}

/**
 * The container `pointer` (relative to the object) lies in, when the object has a pod spec
 * and the pointer is inside `<podSpec>/(containers|initContainers|ephemeralContainers)/N`.
 */
export function containerAt(
  object: Readonly<Record<string, unknown>>,
  pointer: string,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): ContainerRef | undefined {
  const loc = podSpecLocationOf(object.apiVersion, object.kind, locations);
  if (!loc) return undefined;
  const tokens = fromPointer(pointer);
  const n = loc.specPath.length;
  if (tokens.length < n + 2) return undefined;
  for (let i = 0; i < n; i++) if (tokens[i] !== loc.specPath[i]) return undefined;
  const list = tokens[n]!;
  const index = tokens[n + 1]!;
  if (!CONTAINER_LISTS.has(list) || !/^(0|[1-9]\d*)$/.test(index)) return undefined;
  let cur: unknown = object;
  for (const t of tokens.slice(0, n + 2)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isMap(cur)) cur = cur[t];
    else return undefined;
  }
  if (!isMap(cur)) return undefined;
  const containerPointer = toPointer(tokens.slice(0, n + 2));
  return typeof cur.image === 'string'
    ? { pointer: containerPointer, image: cur.image }
    : { pointer: containerPointer };
}

/**
 * True when `e` (regardless of its expiry) covers a finding of `ruleId` on `subject`, about
 * `container` (undefined when the finding is not about a container).
 */
export function exceptionCovers(
  e: PolicyExceptionSpec,
  ruleId: string,
  subject: ExceptionSubject,
  container: ContainerRef | undefined,
): boolean {
  if (!e.rules.includes(ruleId) || !selectsObject(e, subject)) return false;
  if (e.images === undefined) return true;
  const image = container?.image;
  return image !== undefined && e.images.some((p) => globMatch(p, image));
}

/** The outcome for one finding: exempted by an active exception, or only covered by expired ones. */
export interface ExceptionVerdict {
  readonly exception?: ExceptionRef;
  readonly expiredException?: ExceptionRef;
}

/**
 * Decides one finding: the first active exception that covers it (in source order), else
 * the first expired one that would have (so that the finding can name it).
 */
export function exceptionFor(
  exceptions: readonly ResolvedException[],
  now: number,
  ruleId: string,
  subject: ExceptionSubject,
  container: ContainerRef | undefined,
): ExceptionVerdict {
  let expired: ResolvedException | undefined;
  for (const e of exceptions) {
    if (!exceptionCovers(e, ruleId, subject, container)) continue;
    if (isActive(e, now)) return { exception: exceptionRef(e) };
    expired ??= e;
  }
  return expired ? { expiredException: exceptionRef(expired) } : {};
}

/** True when the exception's selectors match the object (and, with images, one of its containers). */
export function selectsAnything(
  e: PolicyExceptionSpec,
  object: Readonly<Record<string, unknown>>,
  subject: ExceptionSubject = subjectOf(object),
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): boolean {
  if (!selectsObject(e, subject)) return false;
  if (e.images === undefined) return true;
  const loc = podSpecLocationOf(object.apiVersion, object.kind, locations);
  if (!loc) return false;
  let spec: unknown = object;
  for (const k of loc.specPath) spec = isMap(spec) ? spec[k] : undefined;
  if (!isMap(spec)) return false;
  for (const list of CONTAINER_LISTS) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    for (const c of cs)
      if (isMap(c) && typeof c.image === 'string') {
        const image = c.image;
        if (e.images.some((p) => globMatch(p, image))) return true;
      }
  }
  return false;
}

/**
 * Diagnostics about the exceptions of one run: EXC_EXPIRED (warning) for each expired
 * exception, EXC_UNMATCHED (warning) for each active exception whose selectors matched no
 * linted object (`matched` holds the ids that did).
 */
export function exceptionRunDiagnostics(
  exceptions: readonly ResolvedException[],
  matched: ReadonlySet<string>,
  now: number,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of exceptions) {
    if (!isActive(e, now))
      out.push({
        code: 'EXC_EXPIRED',
        severity: 'warning',
        message: `exception "${e.id}" (owner ${e.owner}) expired on ${e.expires}: the findings it covered fail again`,
        hint: 'Renew it (a new expires date, approved again) or remove it once the objects are fixed.',
        location: e.location,
      });
    else if (!matched.has(e.id))
      out.push({
        code: 'EXC_UNMATCHED',
        severity: 'warning',
        message: `exception "${e.id}" selects no object in the linted inputs`,
        hint: 'Check kind, namespace, name, labels and images against the manifests; remove the exception if the objects are gone.',
        location: e.location,
      });
  }
  return out;
}
