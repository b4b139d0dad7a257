/**
 * Helpers for rule authors. Each has one definition in docs/ir.md and a lowering in every
 * backend (the frontend turns a call into an IR `call` node). Keep them total: they never
 * throw on well-typed input.
 */
import * as ir from '@kpc/ir';
import type { Container, EphemeralContainer, PodSpec } from '../k8s/types.ts';

/** Containers, then init containers, then ephemeral containers; absent lists count as empty. */
export function allContainers(spec: PodSpec): readonly (Container | EphemeralContainer)[] {
  return [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
}

// Declared here (not re-exported) so that the frontend finds every helper in this file; the
// semantics are the IR's own, shared with the interpreter.

/** The registry host of an image reference; `docker.io` when the reference names none. */
export function imageRegistry(image: string): string {
  return ir.imageRegistry(image);
}

/** The tag of an image reference, or undefined when it has none. */
export function imageTag(image: string): string | undefined {
  return ir.imageTag(image);
}

/** The digest of an image reference (`sha256:…`), or undefined when it has none. */
export function imageDigest(image: string): string | undefined {
  return ir.imageDigest(image);
}

/**
 * The normalised image reference (`docker.io/library/nginx:latest`,
 * `registry:5000/team/app@sha256:…`) as the kubelet pulls it, or undefined when `image` is
 * not a valid reference (docs/ir.md#image-references).
 */
export function imageReference(image: string): string | undefined {
  return ir.imageReference(image);
}

/**
 * True when `image` is a valid reference and one of the glob `patterns` matches its
 * normalised form; an invalid image matches nothing (docs/ir.md#image-references).
 */
export function imageMatches(image: string, patterns: readonly string[]): boolean {
  return ir.imageMatches(image, patterns);
}

/**
 * The text after the first occurrence of `sep` in `s`: `""` when `sep` does not occur, `s`
 * when `sep` is empty. E.g. `textAfter('shop.example.com', '.')` is `example.com`.
 */
export function textAfter(s: string, sep: string): string {
  return ir.textAfter(s, sep);
}
