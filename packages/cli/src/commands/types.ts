/** `kpc types`: TypeScript types for the user's CustomResourceDefinitions (docs/cli/types.md). */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { generateCrdTypes } from '@kpc/core/crd-types';
import { displayPath, formatDiagnostics } from '@kpc/core/internal';
import type { Diagnostic } from '@kpc/ir';
import { DiagnosticsError, EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { type CliIO, useColor } from '../io.ts';
import { type Command, parseCommandArgs } from './command.ts';

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MANIFEST = /\.(ya?ml|json)$/i;

/** Files named, and the .yaml/.yml/.json files under directories named (sorted, no dot entries). */
function expand(io: CliIO, paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (MANIFEST.test(name)) out.push(p);
    }
  };
  for (const p of paths) {
    const abs = resolve(io.cwd, p);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (error) {
      throw new UsageError(`cannot read ${p}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    if (isDir) walk(abs);
    else out.push(abs);
  }
  return out;
}

/**
 * Generates one module for all the CRD files: their texts are joined as one YAML stream
 * (so that a kind's versions may come from several files and the module has one
 * `KindTypes` augmentation), and diagnostics are mapped back to the file and line they
 * came from.
 */
export async function generateTypesForFiles(
  files: readonly string[],
  cwd: string,
): Promise<{ code: string; diagnostics: Diagnostic[] }> {
  const names = files.map((f) => displayPath(f, cwd));
  const starts: { file: string; firstLine: number }[] = [];
  let text = '';
  let line = 1;
  files.forEach((f, i) => {
    let part = readFileSync(f, 'utf8');
    if (!part.endsWith('\n')) part += '\n';
    if (i > 0) {
      text += '---\n';
      line += 1;
    }
    starts.push({ file: f, firstLine: line });
    text += part;
    line += part.split('\n').length - 1;
  });
  const label = names.join(', ');
  const result = await generateCrdTypes(text, label);
  const diagnostics = result.diagnostics.map((d) => {
    if (!d.location || d.location.file !== label) return d;
    const loc = d.location;
    const start = [...starts].reverse().find((s) => s.firstLine <= loc.line) ?? starts[0]!;
    return { ...d, location: { ...loc, file: start.file, line: loc.line - start.firstLine + 1 } };
  });
  const code = result.code.replace(
    /^\/\/ Regenerate with .*$/m,
    `// Regenerate with: kpc types ${names.join(' ')} --out <this file> (docs/cli/types.md).`,
  );
  return { code, diagnostics };
}

export const typesCommand: Command = {
  name: 'types',
  summary: 'Generate TypeScript types for your CRDs, for typed rules on custom kinds.',
  help: `Usage: kpc types <crd.yaml|dir>... [--out FILE] [--check]

Reads CustomResourceDefinitions (apiextensions.k8s.io/v1; files, or directories of
.yaml/.yml/.json files) and writes one TypeScript module: an interface per version
(<Kind><Version>) and a KindTypes augmentation, so that defineRule({ target: '<Kind>' })
is typed. Import the module from your rule files. See docs/crd-types.md.

Options:
  -o, --out <file>   write the module to this file (default: stdout)
      --check        do not write: exit 1 when --out is missing or out of date
  -h, --help         show this help

Exit codes: 0 written (or up to date), 1 out of date (--check), 2 usage or CRD error
(nothing is written when a CRD has an error).`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('types', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return EXIT_OK;
    }
    if (positionals.length === 0)
      throw new UsageError(
        'no CRD files given',
        'Usage: kpc types crds/widgets.yaml --out rules/types/widgets.generated.ts',
      );
    if (values.check && values.out === undefined)
      throw new UsageError('--check needs --out (the file to compare)');
    const files = expand(io, positionals);
    if (files.length === 0)
      throw new UsageError(`no .yaml, .yml or .json files in ${positionals.join(', ')}`);
    const { code, diagnostics } = await generateTypesForFiles(files, io.cwd);
    if (diagnostics.some((d) => d.severity === 'error'))
      throw new DiagnosticsError('the CRDs have errors; no types were written', diagnostics);
    if (!code.includes('interface KindTypes {\n    '))
      throw new DiagnosticsError('no CustomResourceDefinition found; no types were written', [
        ...diagnostics,
        {
          code: 'CFG_INVALID',
          severity: 'error',
          message: `none of ${files.map((f) => displayPath(f, io.cwd)).join(', ')} holds an apiextensions.k8s.io/v1 CustomResourceDefinition with a schema`,
          hint: 'Pass the CRD manifests (kind: CustomResourceDefinition), e.g. from `kubectl get crd NAME -o yaml`.',
        },
      ]);
    io.stderr.write(formatDiagnostics(diagnostics, io.cwd, useColor(io, 'stderr')));
    if (values.out === undefined) {
      io.stdout.write(code);
      return EXIT_OK;
    }
    const target = resolve(io.cwd, values.out);
    const shown = relative(io.cwd, target) || target;
    let current: string | undefined;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (values.check) {
      if (current === code) {
        io.stdout.write(`kpc types: ${shown} is up to date\n`);
        return EXIT_OK;
      }
      io.stdout.write(
        `kpc types: ${shown} is ${current === undefined ? 'missing' : 'out of date'}; run kpc types without --check\n`,
      );
      return EXIT_FINDINGS;
    }
    if (current !== code) {
      try {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, code);
      } catch (error) {
        throw new UsageError(`cannot write ${values.out}: ${(error as Error).message}`);
      }
    }
    io.stdout.write(`kpc types: ${shown} ${current === code ? 'unchanged' : 'written'}\n`);
    return EXIT_OK;
  },
};
