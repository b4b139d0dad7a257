/**
 * Writes packages/rules/ir/<id>.json for every catalog rule (the IR that `kpc compile` and
 * `kpc explain` use without loading the TypeScript compiler). Run: pnpm --filter @kpc/rules build:ir
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IR_DIR, renderCatalogIR } from '../src/catalog-ir-build.ts';

const { files, diagnostics } = renderCatalogIR();
for (const d of diagnostics) {
  const at = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  console.error(`${at}${d.severity} ${d.code}: ${d.message}`);
}
if (diagnostics.some((d) => d.severity === 'error')) process.exit(1);
mkdirSync(IR_DIR, { recursive: true });
const keep = new Set(files.map((f) => f.fileName));
for (const old of readdirSync(IR_DIR))
  if (old.endsWith('.json') && !keep.has(old)) rmSync(join(IR_DIR, old));
for (const f of files) writeFileSync(join(IR_DIR, f.fileName), f.content);
console.log(`wrote ${files.length} IR files to ${IR_DIR}`);
