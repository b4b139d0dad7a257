/**
 * Image reference helpers: the value semantics of the IR's `imageRegistry`, `imageTag` and
 * `imageDigest` calls (docs/ir.md), shared by the native engine and the interpreter.
 */
/**
 * Splits an image reference `[registry/]path[:tag][@digest]`. The registry is the first
 * path component when it contains `.` or `:` or is `localhost`, else `docker.io` (the
 * Docker reference rules).
 */
function splitImage(image: string): {
  registry: string;
  rest: string;
  tag?: string;
  digest?: string;
} {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return {
    registry,
    rest,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The registry host of an image reference; `docker.io` when the reference names none. */
export function imageRegistry(image: string): string {
  return splitImage(image).registry;
}

/** The tag of an image reference, or undefined when it has none. */
export function imageTag(image: string): string | undefined {
  return splitImage(image).tag;
}

/** The digest of an image reference (`sha256:…`), or undefined when it has none. */
export function imageDigest(image: string): string | undefined {
  return splitImage(image).digest;
}
