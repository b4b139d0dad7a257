/** Finds the source range of the node a JSON Pointer names in a `yaml` AST. */
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Node,
} from 'yaml';

/**
 * `[start, end)` offsets of the node at `tokens`, or of the nearest existing ancestor when a
 * token names a missing field. A map entry whose value is a scalar is located at the value;
 * one whose value is a collection or empty is located at its key (the line a person reads as
 * "the field"). A collection itself (the document root, a list item that is a map) is
 * located at its first character only. Aliases are followed. Iterative; never throws.
 */
export function locateInAst(doc: Document.Parsed, tokens: readonly string[]): [number, number] {
  let node: unknown = doc.contents;
  let range = rangeOf(node) ?? [doc.range[0], doc.range[0]];
  for (const token of tokens) {
    let hops = 0;
    while (isAlias(node) && hops++ < 100) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyString(p.key) === token);
      if (!pair) break;
      const value = pair.value;
      const keyRange = rangeOf(pair.key);
      const valueRange = rangeOf(value);
      // An empty value (`key:`) is a null scalar of zero width: locate the key instead.
      const empty = !valueRange || valueRange[0] === valueRange[1];
      range = value === null || isCollection(value) || empty ? (keyRange ?? range) : valueRange;
      node = value;
    } else if (isSeq(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) break;
      const item = node.items[Number(token)];
      const itemRange = rangeOf(item);
      if (item === undefined || !itemRange) break;
      range = itemRange;
      node = item;
    } else break;
  }
  return range;
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

/** A scalar's `[start, end)`; a collection is located at its start only (its end is fuzzy). */
function rangeOf(node: unknown): [number, number] | undefined {
  if (!isNode(node)) return undefined;
  const r = (node as Node).range;
  if (!r) return undefined;
  return isCollection(node) ? [r[0], r[0]] : [r[0], r[1]];
}
