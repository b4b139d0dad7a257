import type { Expr } from './expr.ts';
import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * A call of one of the helpers that `@kpc/core` exports for rule authors. Each helper
 * has one definition in docs/ir.md and a lowering in every backend.
 */
export const HELPER_NAMES = [
  /** allContainers(spec): containers ++ initContainers ++ ephemeralContainers (absent lists are empty). */
  'allContainers',
  /** imageRegistry(image): the registry host of an image reference, `docker.io` when none is given. */
  'imageRegistry',
  /** imageTag(image): the tag, or absent when the reference has none. */
  'imageTag',
  /** imageDigest(image): the digest (`sha256:…`), or absent. */
  'imageDigest',
  /** flagValue(container, name): the last value of value flag `name` in command ++ args, or absent. */
  'flagValue',
  /** flagValues(container, name): every value of value flag `name`, in order. */
  'flagValues',
  /** booleanFlag(container, name): the last value of boolean flag `name` (`--name` alone: true), or absent. */
  'booleanFlag',
  /**
   * imageReference(image): the normalised reference (`docker.io/library/nginx:latest`) by the
   * distribution grammar and the kubelet's default tag, or absent when the image is invalid.
   */
  'imageReference',
  /**
   * imageMatches(image, patterns): true when the image is a valid reference and one of the
   * glob patterns matches its normalised form (docs/ir.md#image-references).
   */
  'imageMatches',
  /**
   * textAfter(s, sep): the text after the first occurrence of `sep` in `s`, `""` when `sep`
   * does not occur, `s` when `sep` is empty.
   */
  'textAfter',
  /**
   * labelSelectorMatches(selector, labels): whether a Kubernetes label selector (matchLabels,
   * matchExpressions In/NotIn/Exists/DoesNotExist) selects `labels`; a non-map selector
   * selects nothing, `{}` everything (docs/ir.md#helpers).
   */
  'labelSelectorMatches',
] as const;

export type HelperName = (typeof HELPER_NAMES)[number];

/** The number of arguments each helper takes. */
export const HELPER_ARITY: Readonly<Record<HelperName, number>> = {
  allContainers: 1,
  imageRegistry: 1,
  imageTag: 1,
  imageDigest: 1,
  flagValue: 2,
  flagValues: 2,
  booleanFlag: 2,
  imageReference: 1,
  imageMatches: 2,
  textAfter: 2,
  labelSelectorMatches: 2,
};

/** The helpers over a container's command-line flags; their second argument is the flag name. */
export const FLAG_HELPERS: readonly HelperName[] = ['flagValue', 'flagValues', 'booleanFlag'];

/** A flag name the flag helpers accept: a string literal such as `--profiling`. */
export const FLAG_NAME_PATTERN = /^--[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly helper: HelperName;
  readonly args: readonly Expr[];
}

export function call(helper: HelperName, args: readonly Expr[], span?: Span): CallNode {
  return freeze({
    kind: 'call',
    helper,
    args: Object.freeze([...args]),
    ...(span ? { span } : {}),
  });
}
