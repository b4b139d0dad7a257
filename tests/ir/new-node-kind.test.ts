/**
 * Adding an IR node kind fails to compile exactly where a kind must be handled: the node schema
 * (validation and the generic walks), the factories of the `ir` namespace, the interpreter, the
 * TypeScript printer and the two lowerings (CEL, Rego). The test type-checks the workspace's
 * sources with a dummy kind added to the `Expr` union (in memory) and compares the files
 * TypeScript reports with that list.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const exprFile = join(root, 'packages', 'ir', 'src', 'nodes', 'expr.ts');

it('a new node kind is a type error in the schema and every exhaustive walk, nowhere else', () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (config === undefined) throw new Error('tsconfig.json did not parse');
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  const original = readFileSync(exprFile, 'utf8');
  const withDummy = original.replace(
    '  | LookupNode;',
    "  | LookupNode\n  | { readonly kind: 'dummy'; readonly span?: import('./span.ts').Span };",
  );
  expect(withDummy).not.toBe(original);
  host.getSourceFile = (file, language, ...rest) =>
    file === exprFile
      ? ts.createSourceFile(file, withDummy, language)
      : read(file, language, ...rest);
  const program = ts.createProgram(
    config.fileNames.filter((f) => !/\.test\.ts$/.test(f)),
    config.options,
    host,
  );
  const files = new Set(
    ts
      .getPreEmitDiagnostics(program)
      .map((d) => (d.file === undefined ? '(global)' : relative(root, d.file.fileName))),
  );
  expect([...files].sort()).toEqual([
    'packages/cel/src/capabilities.ts',
    'packages/cel/src/lower.ts',
    'packages/compile-gatekeeper/src/lower-rego.ts',
    'packages/ir/src/interpret.ts',
    'packages/ir/src/nodes/factories.ts',
    'packages/ir/src/nodes/schema.ts',
    'packages/ir/src/print-ts.ts',
  ]);
}, 300_000);
