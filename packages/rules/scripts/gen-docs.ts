/**
 * Writes docs/rules/<id>.md for every catalog rule and docs/rules/index.md, from rule
 * metadata (src/docs/render-docs.ts). Removes pages of rules that no longer exist.
 * Run: pnpm --filter @kpc/rules gen:docs
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocs } from '../src/docs/render-docs.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const files = renderDocs();
const dir = join(repoRoot, 'docs/rules');
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) {
  if (f.endsWith('.md') && !files.has(`docs/rules/${f}`)) rmSync(join(dir, f));
}
for (const [path, text] of files) writeFileSync(join(repoRoot, path), text);
console.log(`wrote ${files.size} files to docs/rules`);
