/**
 * Test helper: in-memory LoadedDocuments from YAML text with real positions, so engine and
 * reporter tests do not depend on the loader. Not part of the public API.
 */

import { fromPointer } from '@kpc/ir';
import { isMap, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { LoadedDocument } from '../loader/types.ts';

/** Parses every YAML document of `text` as if it were the file `file`. */
export function documentsFromYaml(file: string, text: string): LoadedDocument[] {
  const lineCounter = new LineCounter();
  const lines = text.split('\n');
  return parseAllDocuments(text, { lineCounter }).map((doc, documentIndex) => {
    const object = doc.toJS() as Record<string, unknown>;
    const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
    const nodeAt = (pointer: string): Node | null => {
      let node = doc.contents as Node | null;
      for (const token of fromPointer(pointer)) {
        let next: unknown;
        if (isMap(node)) next = node.get(token, true);
        else if (isSeq(node)) next = node.get(Number(token), true);
        if (next === undefined || next === null) break;
        node = next as Node;
      }
      return node;
    };
    return {
      file,
      documentIndex,
      basePointer: '',
      object,
      apiVersion: String(object.apiVersion),
      kind: String(object.kind),
      ...(metadata.name !== undefined ? { name: metadata.name } : {}),
      ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}),
      locate(pointer: string) {
        const node = nodeAt(pointer);
        const offset = node?.range?.[0] ?? 0;
        const { line, col } = lineCounter.linePos(offset);
        return { file, line, column: col };
      },
      sourceLine: (n: number) => lines[n - 1],
    };
  });
}
