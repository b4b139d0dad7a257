/**
 * Image signature declarations (config `imageVerification`, docs/image-verification.md):
 * which images must carry a Cosign signature by which public keys or keyless identities,
 * and whether their references must be pinned by digest. The shape, its checks with
 * hints, and the offline part every backend shares: which images of an object a
 * declaration selects (kpc's `imageMatches`) and which of those lack a digest. The
 * signature itself is verified only in the cluster (Kyverno, Ratify); kpc never claims it.
 */
import { imageMatches, imagePatternProblem, parseImageReference } from './image-reference.ts';
import { POD_SPEC_LOCATIONS, type PodSpecLocation, podSpecLocationOf } from './targets.ts';

/** A Cosign public key (PEM `-----BEGIN PUBLIC KEY-----`, as `cosign generate-key-pair` writes it). */
export interface CosignKeyAttestor {
  readonly key: string;
}

/**
 * A Cosign keyless identity: the Fulcio certificate's OIDC issuer and subject (SAN), each
 * exactly (`issuer`, `subject`) or as an RE2 regular expression (`issuerRegExp`,
 * `subjectRegExp`). Exactly one of each pair, as `cosign verify` requires.
 */
export interface CosignKeylessAttestor {
  readonly keyless: {
    readonly issuer?: string;
    readonly issuerRegExp?: string;
    readonly subject?: string;
    readonly subjectRegExp?: string;
    /** Rekor transparency log URL. Default `https://rekor.sigstore.dev`. */
    readonly rekorUrl?: string;
  };
}

export type CosignAttestor = CosignKeyAttestor | CosignKeylessAttestor;

/** One declaration: images matching `images` must be signed by one of `attestors`. */
export interface ImageVerification {
  /** kebab-case name; the generated policies are named `verify-images-<name>`. */
  readonly name: string;
  /** `imageMatches` patterns (docs/ir.md#image-references), as `allowed-images` takes them. */
  readonly images: readonly string[];
  /** The signature of one attestor suffices. At least one. */
  readonly attestors: readonly CosignAttestor[];
  /** Matching images must be pinned by digest (`@sha256:…`). Default false. */
  readonly requireDigest?: boolean;
  /** `enforce` (deny at admission, default) or `audit` (report only). */
  readonly action?: 'enforce' | 'audit';
  /**
   * The backends that enforce this declaration. Default both; the `vap` target then refuses
   * it (a ValidatingAdmissionPolicy cannot verify signatures). Naming the backends says the
   * VAP output does not enforce it: `kpc compile --target vap` then reports it as an info.
   */
  readonly targets?: readonly ImageVerificationTarget[];
}

/** Backends that can verify image signatures. */
export const IMAGE_VERIFICATION_TARGETS = ['kyverno', 'gatekeeper'] as const;
export type ImageVerificationTarget = (typeof IMAGE_VERIFICATION_TARGETS)[number];

/** Declares one image verification with full type checking; returns it frozen. */
export function defineImageVerification(v: ImageVerification): ImageVerification {
  return Object.freeze(v);
}

/** A problem of one declaration: index, the key it is about, message and hint. */
export interface ImageVerificationProblem {
  readonly index: number;
  readonly key: string;
  /** The offending string when there is one, to locate it in the source. */
  readonly value?: string;
  readonly message: string;
  readonly hint: string;
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const PEM =
  /^-----BEGIN PUBLIC KEY-----\r?\n((?:[A-Za-z0-9+/=]+\r?\n)+)-----END PUBLIC KEY-----\r?\n?$/;
const KEYS = ['name', 'images', 'attestors', 'requireDigest', 'action', 'targets'];
const KEYLESS_KEYS = ['issuer', 'issuerRegExp', 'subject', 'subjectRegExp', 'rekorUrl'];

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Why the PEM text is not a public key in the form Cosign writes, or undefined. Checks the
 * armour and that the body is base64 of a DER SEQUENCE; whether the key parses is checked
 * by the config loader with Node's crypto.
 */
export function pemProblem(pem: string): string | undefined {
  // Surrounding blank lines and spaces are harmless (a template literal, a file read).
  const m = PEM.exec(`${pem.trim()}\n`);
  if (m === null)
    return 'is not a PEM public key (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)';
  const body = m[1]!.replace(/\s/g, '');
  if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body))
    return 'has a PEM body that is not base64';
  // DER SEQUENCE tag 0x30 is "MF", "MH", "MI", "MC".. in base64: its first 6 bits are 001100.
  if (!body.startsWith('M')) return 'has a PEM body that is not a DER SubjectPublicKeyInfo';
  return undefined;
}

/** Why a keyless regular expression is refused (JavaScript syntax, as a proxy for RE2). */
function regexProblem(re: string): string | undefined {
  if (re === '') return 'is empty';
  try {
    new RegExp(re);
  } catch (e) {
    return `is not a regular expression (${(e as Error).message})`;
  }
  if (/\(\?[=!<]|\\[1-9]/.test(re))
    return 'uses look-around or a back-reference, which RE2 has not';
  return undefined;
}

/** Every problem of the config value `imageVerification` (a list of declarations). */
export function imageVerificationProblems(value: unknown): ImageVerificationProblem[] {
  const out: ImageVerificationProblem[] = [];
  if (!Array.isArray(value)) {
    out.push({
      index: -1,
      key: 'imageVerification',
      message: 'imageVerification must be a list of declarations',
      hint: "Write imageVerification: [{ name, images: ['ghcr.io/org/*'], attestors: [{ key: PEM }] }].",
    });
    return out;
  }
  const names = new Set<string>();
  value.forEach((d, index) => {
    const at = `imageVerification[${index}]`;
    const add = (key: string, message: string, hint: string, v?: string) =>
      out.push({
        index,
        key,
        message: `${at}: ${message}`,
        hint,
        ...(v !== undefined ? { value: v } : {}),
      });
    if (!isMap(d)) {
      add(
        'imageVerification',
        'must be an object',
        'Use defineImageVerification({ … }) from @kpc/core.',
      );
      return;
    }
    for (const k of Object.keys(d))
      if (!KEYS.includes(k)) add(k, `unknown key "${k}"`, `Known keys: ${KEYS.join(', ')}.`);
    if (typeof d.name !== 'string' || !NAME.test(d.name))
      add(
        'name',
        `name must be kebab-case (1 to 40 lower-case letters, digits and inner -), got ${JSON.stringify(d.name)}`,
        'The name becomes part of the policy names: verify-images-<name>.',
        typeof d.name === 'string' ? d.name : undefined,
      );
    else if (names.has(d.name))
      add(
        'name',
        `name "${d.name}" is declared twice`,
        'Give each declaration its own name.',
        d.name,
      );
    else names.add(d.name);
    if (!Array.isArray(d.images) || d.images.length === 0)
      add(
        'images',
        'images must be a non-empty list of image patterns',
        'e.g. images: ["ghcr.io/org/*"].',
      );
    else
      d.images.forEach((p, i) => {
        if (typeof p !== 'string') {
          add('images', `images[${i}] must be a string`, 'e.g. "ghcr.io/org/*".');
          return;
        }
        const problem = imagePatternProblem(p);
        if (problem) add('images', `images[${i}]: ${problem.message}`, problem.hint, p);
      });
    if (d.requireDigest !== undefined && typeof d.requireDigest !== 'boolean')
      add('requireDigest', 'requireDigest must be true or false', 'Omit it for false.');
    if (d.action !== undefined && d.action !== 'enforce' && d.action !== 'audit')
      add(
        'action',
        `action must be enforce or audit, got ${JSON.stringify(d.action)}`,
        'Omit it for enforce.',
      );
    if (
      d.targets !== undefined &&
      (!Array.isArray(d.targets) ||
        d.targets.length === 0 ||
        d.targets.some((t) => !(IMAGE_VERIFICATION_TARGETS as readonly unknown[]).includes(t)))
    )
      add(
        'targets',
        `targets must be a non-empty list of ${IMAGE_VERIFICATION_TARGETS.join(', ')}, got ${JSON.stringify(d.targets)}`,
        'A ValidatingAdmissionPolicy cannot verify signatures, so vap is not a target; omit targets for both.',
      );
    if (!Array.isArray(d.attestors) || d.attestors.length === 0) {
      add(
        'attestors',
        'attestors must be a non-empty list',
        'Give a public key ({ key: PEM }) or a keyless identity ({ keyless: { issuer, subject } }).',
      );
      return;
    }
    d.attestors.forEach((a, i) => {
      const where = `attestors[${i}]`;
      if (!isMap(a) || 'key' in a === 'keyless' in a || Object.keys(a).length !== 1) {
        add(
          'attestors',
          `${where} must have exactly one of key and keyless`,
          'One attestor is { key: PEM } or { keyless: { … } }.',
        );
        return;
      }
      if ('key' in a) {
        const problem = typeof a.key === 'string' ? pemProblem(a.key) : 'is not a string';
        if (problem)
          add(
            'key',
            `${where}.key ${problem}`,
            'Paste the content of cosign.pub (cosign generate-key-pair writes it).',
          );
        return;
      }
      const k = a.keyless;
      if (!isMap(k)) {
        add(
          'keyless',
          `${where}.keyless must be an object`,
          'e.g. { issuer: "https://token.actions.githubusercontent.com", subjectRegExp: "…" }.',
        );
        return;
      }
      for (const key of Object.keys(k))
        if (!KEYLESS_KEYS.includes(key))
          add(
            key,
            `unknown key "${key}" in ${where}.keyless`,
            `Known keys: ${KEYLESS_KEYS.join(', ')}.`,
          );
      for (const [exact, re, what] of [
        ['issuer', 'issuerRegExp', 'OIDC issuer'],
        ['subject', 'subjectRegExp', 'certificate subject'],
      ] as const) {
        const has = [k[exact], k[re]].filter((x) => x !== undefined).length;
        if (has !== 1) {
          add(
            'keyless',
            `${where}.keyless needs exactly one of ${exact} and ${re} (the ${what}), got ${has === 0 ? 'neither' : 'both'}`,
            'An empty identity would accept any signer of the public Sigstore instance; cosign verify refuses it too.',
          );
          continue;
        }
        if (k[exact] !== undefined && (typeof k[exact] !== 'string' || k[exact] === ''))
          add(
            exact,
            `${where}.keyless.${exact} must be a non-empty string`,
            `Write the exact ${what}.`,
          );
        if (k[re] !== undefined) {
          const problem = typeof k[re] === 'string' ? regexProblem(k[re]) : 'is not a string';
          if (problem)
            add(
              re,
              `${where}.keyless.${re} ${problem}`,
              'Write an RE2 regular expression; anchor it with ^ and $.',
              typeof k[re] === 'string' ? k[re] : undefined,
            );
        }
      }
      if (
        k.rekorUrl !== undefined &&
        (typeof k.rekorUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(k.rekorUrl))
      )
        add(
          'rekorUrl',
          `${where}.keyless.rekorUrl must be an http(s) URL`,
          'Default: https://rekor.sigstore.dev.',
        );
    });
  });
  return out;
}

/** One image of an object that a declaration selects. */
export interface SelectedImage {
  readonly image: string;
  /** JSON Pointer of the container (`/spec/template/spec/containers/0`). */
  readonly pointer: string;
  /** The image is pinned by digest. */
  readonly pinned: boolean;
}

/** The container lists whose images admission pulls, in the order they are reported. */
export const IMAGE_CONTAINER_LISTS = [
  'containers',
  'initContainers',
  'ephemeralContainers',
] as const;

/**
 * The images of `object` (any kind with a pod spec in `locations`) that `v` selects: a
 * string `image` of a container, init container or ephemeral container matching one of
 * `v.images`. Never throws; an object without a pod spec selects nothing.
 */
export function selectImages(
  v: Pick<ImageVerification, 'images'>,
  object: unknown,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): SelectedImage[] {
  if (!isMap(object)) return [];
  const loc = podSpecLocationOf(object.apiVersion, object.kind, locations);
  if (loc === undefined) return [];
  let spec: unknown = object;
  for (const step of loc.specPath) spec = isMap(spec) ? spec[step] : undefined;
  if (!isMap(spec)) return [];
  const out: SelectedImage[] = [];
  for (const list of IMAGE_CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, i) => {
      if (!isMap(c) || typeof c.image !== 'string' || !imageMatches(c.image, v.images)) return;
      const ref = parseImageReference(c.image);
      out.push({
        image: c.image,
        pointer: `/${[...loc.specPath, list, String(i)].join('/')}`,
        pinned: ref?.digest !== undefined,
      });
    });
  }
  return out;
}
