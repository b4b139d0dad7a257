/**
 * Helpers for rule authors. Each has one definition in docs/ir.md and a lowering in every
 * backend (the frontend turns a call into an IR `call` node). Keep them total: they never
 * throw on well-typed input.
 */
import * as ir from '@kpc/ir';
import type { ILabelSelector as LabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { Container, EphemeralContainer, PodSpec } from '../k8s/types.ts';

/** What the flag helpers read of a container: its command and args. */
export type CommandLine = Pick<Container, 'command' | 'args'>;

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
 * The last value of value flag `name` (a literal such as `'--audit-log-path'`) in the
 * container's `command ++ args`: `--name=v` and `--name v` both give `v`, a later occurrence
 * overrides an earlier one (as Go's pflag does). Undefined when not given. docs/ir.md
 * defines the parsing exactly (the `--` terminator, what is out of scope).
 */
export function flagValue(container: CommandLine, name: string): string | undefined {
  return ir.flagValue(container, name);
}

/** Every value of value flag `name`, in order (for list flags given more than once). */
export function flagValues(container: CommandLine, name: string): readonly string[] {
  return ir.flagValues(container, name);
}

/**
 * The value of boolean flag `name`: the last occurrence, `--name` alone meaning true and
 * `--name=v` read as Go's strconv.ParseBool does (`false`, `0`, `F`, …). Undefined when not
 * given or not a boolean. `--name false` (two arguments) is true: a boolean flag never
 * takes the next argument.
 */
export function booleanFlag(container: CommandLine, name: string): boolean | undefined {
  return ir.booleanFlag(container, name);
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

/**
 * Whether a Kubernetes label selector (a NetworkPolicy's `podSelector`, a PDB's `selector`)
 * selects an object with `labels`: every `matchLabels` entry and every `matchExpressions`
 * requirement (In, NotIn, Exists, DoesNotExist) holds. An absent selector selects nothing,
 * `{}` selects everything (docs/ir.md#helpers).
 */
export function labelSelectorMatches(
  selector: LabelSelector | undefined,
  labels: { readonly [key: string]: string } | undefined,
): boolean {
  return ir.labelSelectorMatches(selector, labels);
}
