import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCrdTypes } from './generate-crd-types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORE_INDEX = join(HERE, '..', 'index.ts');
const WIDGET_CRD = join(HERE, 'fixtures', 'widgets.example.com.yaml');
const SHARED_SCHEMAS = '/work/shared/schemas';

const tmp = mkdtempSync(join(tmpdir(), 'kpc-crd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The last program: the next one reuses its unchanged source files (@kpc/core, lib). */
let previous: ts.Program | undefined;

/** Type-checks generated modules plus a usage file against @kpc/core; returns error messages. */
function typecheck(generated: string[], usage: string): string[] {
  const id = Math.random().toString(36).slice(2);
  const gens = generated.map((code, i) => {
    const file = join(tmp, `gen-${id}-${i}.ts`);
    writeFileSync(file, code);
    return file;
  });
  const use = join(tmp, `use-${id}.ts`);
  writeFileSync(use, usage.replace('./GEN', `./gen-${id}-0.ts`));
  const program = ts.createProgram(
    [...gens, use],
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      allowImportingTsExtensions: true,
      types: [],
      baseUrl: tmp,
      paths: { '@kpc/core': [CORE_INDEX] },
      // kpc's own sources import each other through the workspace's source condition.
      customConditions: ['@kpc/source'],
    },
    undefined,
    previous,
  );
  previous = program;
  // The diagnostics of these files only: the checker then checks @kpc/core's sources only as
  // far as these files use them (the whole program's diagnostics type-check all of core).
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[...gens, use].flatMap((f) => {
      const file = program.getSourceFile(f);
      if (file === undefined) throw new Error(`${f} is not in the program`);
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    }),
  ];
  return diagnostics.map(
    (d) =>
      `${d.file?.fileName ?? '<options>'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
}

describe('generateCrdTypes', () => {
  it('emits one interface per version and a KindTypes augmentation', async () => {
    const r = await generateCrdTypes(readFileSync(WIDGET_CRD, 'utf8'), 'widgets.example.com.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toContain('export interface WidgetV1Beta1 {');
    expect(r.code).toContain('export interface WidgetV1 {');
    expect(r.code).toContain("apiVersion: 'example.com/v1';");
    expect(r.code).toContain('port?: number | string;');
    expect(r.code).toContain("mode?: 'fast' | 'safe';");
    expect(r.code).toMatch(
      /declare module '@kpc\/core' \{\n {2}interface KindTypes \{\n {4}Widget: WidgetV1Beta1 \| WidgetV1;/,
    );
    const again = await generateCrdTypes(
      readFileSync(WIDGET_CRD, 'utf8'),
      'widgets.example.com.yaml',
    );
    expect(again.code).toBe(r.code);
  }, 60_000);

  it('generated types compile, type rules on the CRD, and reject wrong fields', async () => {
    const r = await generateCrdTypes(readFileSync(WIDGET_CRD, 'utf8'), 'widgets.example.com.yaml');
    const ok = `import './GEN';
import type { KindTypes } from '@kpc/core';
type Widget = KindTypes['Widget'];
const w: Widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w' },
  spec: { image: 'x', port: 'http', config: { any: { thing: 1 } }, labels: { a: 'b' } },
};
export const privileged = (o: Widget): boolean => o.apiVersion === 'example.com/v1' && o.spec?.privileged === true;
export { w };
`;
    expect(typecheck([r.code], ok)).toEqual([]);
    const bad = ok.replace("image: 'x'", "image: 'x', privilaged: true");
    const errors = typecheck([r.code], bad);
    expect(errors.join('\n')).toMatch(/privilaged/);
  }, 60_000);

  it('reports a CRD without schema as a diagnostic', async () => {
    const r = await generateCrdTypes(
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec:\n  group: g\n  names: {kind: X}\n  versions: [{name: v1}]\n',
      'x.yaml',
    );
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['SCHEMA_INVALID', 4]]);
  });

  it('works on the shared real-world CRDs (Kyverno, Gatekeeper, policy reports)', async () => {
    if (!existsSync(SHARED_SCHEMAS)) {
      console.log(`skipped: ${SHARED_SCHEMAS} is absent on this machine`);
      return;
    }
    const files = ['kyverno', 'gatekeeper']
      .filter((d) => existsSync(join(SHARED_SCHEMAS, d)))
      .flatMap((d) =>
        readdirSync(join(SHARED_SCHEMAS, d))
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => join(SHARED_SCHEMAS, d, f)),
      );
    const codes: string[] = [];
    for (const f of files) {
      const r = await generateCrdTypes(readFileSync(f, 'utf8'), f);
      expect(
        r.diagnostics.filter((d) => d.severity === 'error'),
        f,
      ).toEqual([]);
      expect(r.code, f).toMatch(/interface KindTypes \{\n {4}\w+: \w+/);
      codes.push(r.code);
    }
    // KindTypes is keyed by kind name, so two CRDs that define the same kind in different
    // groups (Kyverno's kyverno.io and policies.kyverno.io PolicyException) cannot be typed in
    // one project (docs/crd-types.md); check them in separate programs.
    const groups: { kinds: Set<string>; codes: string[] }[] = [];
    for (const code of codes) {
      const kinds = new Set([...code.matchAll(/^ {4}(\w+): \w+/gm)].map((m) => m[1]!));
      let group = groups.find((g) => ![...kinds].some((k) => g.kinds.has(k)));
      if (!group) {
        group = { kinds: new Set(), codes: [] };
        groups.push(group);
      }
      for (const k of kinds) group.kinds.add(k);
      group.codes.push(code);
    }
    for (const g of groups) expect(typecheck(g.codes, "import './GEN';\nexport {};\n")).toEqual([]);
  }, 300_000);
});
