import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/**
 * A bound name. The roots are `object` (the whole resource), `metadata` (the pod
 * template's metadata for PodSpec targets, else the object's), `spec` (the pod spec,
 * PodSpec targets only) and `element` (check and message only). Comprehension
 * variables and `let` names are bound by their nodes.
 */
export interface RefNode extends NodeBase {
  readonly kind: 'ref';
  readonly name: string;
}

export const ROOT_NAMES = ['object', 'metadata', 'spec', 'element'] as const;
export type RootName = (typeof ROOT_NAMES)[number];

export function ref(name: string, span?: Span): RefNode {
  return freeze({ kind: 'ref', name, ...(span ? { span } : {}) });
}
