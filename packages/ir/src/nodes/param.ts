import { freeze, type NodeBase } from './node-base.ts';
import type { Span } from './span.ts';

/** A typed rule parameter (declared in the rule's `params`). Backends bind it to CEL variables / constraint parameters. */
export interface ParamNode extends NodeBase {
  readonly kind: 'param';
  readonly name: string;
}

export function param(name: string, span?: Span): ParamNode {
  return freeze({ kind: 'param', name, ...(span ? { span } : {}) });
}
