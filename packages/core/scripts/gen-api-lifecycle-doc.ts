/**
 * Writes the table of deprecated and removed APIs into docs/kubernetes-version.md, between
 * its `api-lifecycle` markers, from packages/core/src/k8s/api-lifecycle.ts.
 * Run: npx tsx packages/core/scripts/gen-api-lifecycle-doc.ts
 * (src/schema/check-api-version.test.ts fails when the page is stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withApiLifecycleTable } from '../src/k8s/api-lifecycle-doc.ts';

const page = join(import.meta.dirname, '..', '..', '..', 'docs', 'kubernetes-version.md');
writeFileSync(page, withApiLifecycleTable(readFileSync(page, 'utf8')));
