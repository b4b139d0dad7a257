/**
 * The runnable examples of docs/api.md: every fenced `js` block whose first line is
 * `// example: <file name>`. The pack-and-install test runs each one with plain node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ApiExample {
  readonly file: string;
  readonly code: string;
  /** 1-based line of the block in docs/api.md, for failure messages. */
  readonly line: number;
}

export const API_DOC = join(import.meta.dirname, '..', '..', 'docs', 'api.md');

export function apiExamples(text = readFileSync(API_DOC, 'utf8')): ApiExample[] {
  const out: ApiExample[] = [];
  const re = /^```js\n\/\/ example: (\S+)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ file: m[1]!, code: m[2]!, line });
  }
  return out;
}
