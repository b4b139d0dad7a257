/**
 * Image references as the kubelet reads them: the value semantics of the IR's
 * `imageReference` and `imageMatches` calls (docs/ir.md#image-references), shared by the
 * native engine and the interpreter. The CEL and Rego lowerings compute the same steps with
 * the regular expressions exported here (RE2 and JavaScript read them alike: ASCII classes
 * only, no `\w`, no look-around).
 *
 * The grammar is the distribution reference grammar (github.com/distribution/reference,
 * `ParseNormalizedNamed`), which the kubelet uses to pull, plus the kubelet's default tag:
 * an image with neither tag nor digest is pulled as `:latest`.
 */
import { globMatch } from '../glob.ts';

/** One host component: letters (either case), digits and inner `-`. */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';

/** A registry host: a DNS name or a bracketed IPv6 address, with an optional port. */
export const IMAGE_DOMAIN_REGEX = `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`;

/** One repository path component: lower-case alphanumerics joined by `.`, `_`, `__` or runs of `-`. */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';

/**
 * What follows the registry: `path[:tag][@digest]`. The digest must be one the kubelet can
 * verify (go-digest's available algorithms, with their exact lengths of lower-case hex).
 */
export const IMAGE_REMAINDER_REGEX =
  `^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*` +
  '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?' +
  '(?:@(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}))?$';

/** Printable ASCII only: every valid reference is, and string indices then agree in every engine. */
export const IMAGE_ASCII_REGEX = '^[!-~]+$';

/** A bare 64-hex identifier, which upstream refuses as a repository name. */
export const IMAGE_IDENTIFIER_REGEX = '^[a-f0-9]{64}$';

/** An upper-case ASCII letter: a first component with one is a registry host. */
export const IMAGE_UPPERCASE_REGEX = '[A-Z]';

/** The longest repository path (the part between the registry and the tag). */
export const IMAGE_PATH_MAX = 255;

/**
 * The characters an image pattern may hold: those of a normalised reference and the glob
 * wildcards `*` and `?`. Of them only `.`, `+`, `[` and `]` are special in a regular
 * expression, so a pattern turns into one by escaping those four.
 */
export const IMAGE_PATTERN_ALPHABET_REGEX = '^[A-Za-z0-9._/:@+*?\\[\\]-]+$';

/** The characters of the pattern alphabet that are escaped in its regular expression. */
export const IMAGE_PATTERN_ESCAPED = ['.', '+', '[', ']'] as const;

/** A parsed and normalised image reference. */
export interface ImageReference {
  /** The registry host, with its port: `docker.io`, `registry.example.com:5000`. */
  readonly domain: string;
  /** The repository path: `library/nginx`, `team/app`. */
  readonly path: string;
  /** The tag; `latest` when the image gives neither a tag nor a digest. */
  readonly tag?: string;
  /** The digest, `sha256:…`. */
  readonly digest?: string;
  /** `domain/path[:tag][@digest]`, e.g. `docker.io/library/nginx:latest`. */
  readonly normalized: string;
}

const re = (source: string): RegExp => new RegExp(source);
const ASCII = re(IMAGE_ASCII_REGEX);
const DOMAIN = re(IMAGE_DOMAIN_REGEX);
const REMAINDER = re(IMAGE_REMAINDER_REGEX);
const IDENTIFIER = re(IMAGE_IDENTIFIER_REGEX);
const UPPERCASE = re(IMAGE_UPPERCASE_REGEX);
const PATTERN_ALPHABET = re(IMAGE_PATTERN_ALPHABET_REGEX);

/**
 * Parses `image` as the kubelet does, or returns undefined when it is not a valid
 * reference (it would not be pulled). Steps (each backend computes exactly these):
 *
 * 1. An empty string, one with a character outside printable ASCII (which no valid reference
 *    has) and a bare 64-hex string are invalid.
 * 2. The registry is the text before the first `/` when there is one and it is `localhost`,
 *    contains `.` or `:`, or has an upper-case letter; `index.docker.io` is `docker.io`.
 *    Otherwise the registry is `docker.io` and the whole image is the remainder.
 * 3. On `docker.io`, a remainder without `/` gets `library/` in front.
 * 4. The registry must be a host (`IMAGE_DOMAIN_REGEX`), the remainder `path[:tag][@digest]`
 *    (`IMAGE_REMAINDER_REGEX`), and the path at most 255 characters.
 * 5. Neither tag nor digest: the tag is `latest`.
 *
 * Upstream also treats a first component with a non-ASCII upper-case letter as a registry;
 * kpc tests ASCII letters only, which gives the same verdict: any non-ASCII character makes
 * the reference invalid either way.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (!ASCII.test(image) || IDENTIFIER.test(image)) return undefined;
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : '';
  const isDomain =
    slash >= 0 &&
    (first === 'localhost' || first.includes('.') || first.includes(':') || UPPERCASE.test(first));
  const domain = isDomain && first !== 'index.docker.io' ? first : 'docker.io';
  const rest = isDomain ? image.slice(slash + 1) : image;
  const remainder = domain === 'docker.io' && !rest.includes('/') ? `library/${rest}` : rest;
  if (!DOMAIN.test(domain) || !REMAINDER.test(remainder)) return undefined;
  const at = remainder.indexOf('@');
  const nameTag = at >= 0 ? remainder.slice(0, at) : remainder;
  const colon = nameTag.indexOf(':');
  const path = colon >= 0 ? nameTag.slice(0, colon) : nameTag;
  if (path.length > IMAGE_PATH_MAX) return undefined;
  const digest = at >= 0 ? remainder.slice(at + 1) : undefined;
  const tag = colon >= 0 ? nameTag.slice(colon + 1) : digest === undefined ? 'latest' : undefined;
  return {
    domain,
    path,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    normalized: `${domain}/${path}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`,
  };
}

/** The normalised reference (`docker.io/library/nginx:latest`), or undefined when invalid. */
export function imageReference(image: string): string | undefined {
  return parseImageReference(image)?.normalized;
}

/**
 * True when `pattern` matches the reference `ref` (see `imageMatches`): the pattern is in
 * the pattern alphabet, and its glob matches the reference's name followed by the parts the
 * pattern names: its tag when the pattern has a tag (a `:` after its last `/`, before any
 * `@`), its digest when the pattern has a digest (an `@`).
 */
export function patternMatches(pattern: string, ref: ImageReference): boolean {
  if (!PATTERN_ALPHABET.test(pattern)) return false;
  const at = pattern.indexOf('@');
  const name = at >= 0 ? pattern.slice(0, at) : pattern;
  const hasTag = name.slice(name.lastIndexOf('/') + 1).includes(':');
  const subject =
    `${ref.domain}/${ref.path}` +
    (hasTag && ref.tag !== undefined ? `:${ref.tag}` : '') +
    (at >= 0 && ref.digest !== undefined ? `@${ref.digest}` : '');
  return globMatch(pattern, subject);
}

/**
 * True when `image` is a valid reference and one of `patterns` matches it. Elements that are
 * not strings, or strings outside the pattern alphabet, match nothing. Never throws.
 */
export function imageMatches(image: string, patterns: readonly unknown[]): boolean {
  const ref = parseImageReference(image);
  if (ref === undefined) return false;
  return patterns.some((p) => typeof p === 'string' && patternMatches(p, ref));
}

/** Why a configured image pattern is refused, with what to write instead. */
export interface ImagePatternProblem {
  readonly message: string;
  readonly hint: string;
}

/**
 * Why `pattern` cannot be an `allowed-images` pattern, or undefined. Refused: characters
 * outside the alphabet; no registry (a pattern names the registry and the repository, as
 * normalised references do); upper-case letters in the repository path; and a pattern
 * without wildcards that is not a normalised reference itself (`docker.io/nginx`, which no
 * normalised reference equals).
 */
export function imagePatternProblem(pattern: string): ImagePatternProblem | undefined {
  const example =
    'e.g. "docker.io/library/nginx", "registry.example.com/team/*", "ghcr.io/org/app:1.*"';
  if (!PATTERN_ALPHABET.test(pattern))
    return {
      message: `"${JSON.stringify(pattern).slice(1, -1)}" has characters no image reference holds`,
      hint: `Patterns use the characters of image references (letters, digits, . _ - / : @ + [ ]) and the wildcards * and ?; ${example}.`,
    };
  const slash = pattern.indexOf('/');
  const first = slash >= 0 ? pattern.slice(0, slash) : '';
  if (slash < 0 || !(first === 'localhost' || /[.:*?]/.test(first) || UPPERCASE.test(first)))
    return {
      message: `"${pattern}" names no registry`,
      hint: `Patterns match normalised references, which always start with the registry: write docker.io/library/nginx for "nginx" and docker.io/myorg/* for "myorg/…"; ${example}.`,
    };
  const at = pattern.indexOf('@');
  const name = at >= 0 ? pattern.slice(0, at) : pattern;
  const lastSlash = name.lastIndexOf('/');
  const tagColon = name.indexOf(':', lastSlash + 1);
  const path = name.slice(slash + 1, tagColon >= 0 ? tagColon : undefined);
  if (UPPERCASE.test(path))
    return {
      message: `"${pattern}" has upper-case letters in the repository path`,
      hint: 'Repository paths are lower case in every valid image reference, so this pattern matches nothing; write the path in lower case.',
    };
  if (!/[*?]/.test(pattern)) {
    const ref = parseImageReference(pattern);
    // A pattern names only the parts it gives: compare without the implicit `latest`.
    const written =
      ref === undefined
        ? undefined
        : `${ref.domain}/${ref.path}${tagColon >= 0 ? `:${ref.tag}` : ''}${at >= 0 ? `@${ref.digest}` : ''}`;
    if (written !== pattern)
      return written === undefined
        ? {
            message: `"${pattern}" is not a valid image reference and has no wildcard, so it matches no image`,
            hint: `Check the registry host, the lower-case path, the tag and the digest (sha256:<64 hex>); ${example}.`,
          }
        : {
            message: `"${pattern}" is not normalised, so it matches no image: images are matched as ${written}`,
            hint: `Write "${written}".`,
          };
  }
  return undefined;
}
