// Bundles the published CLI (packages/cli/dist/main.js, built by tsc) into packages/cli/bundle/:
// one entry and a few chunks that Node loads in ~20 reads instead of ~440 module resolutions
// (issue 9: startup of `kpc lint` within 2× `node -e 0`). Lazy parts stay lazy: each command
// is its own chunk, and what loads TypeScript (@kpc/frontend, tsx, the CRD type generator) stays
// an external package import, loaded from node_modules only when a command needs it.
//
// Modules that locate files next to themselves (`import.meta.url`: the catalog's IR files, the
// generated structure map, the CLI's package.json) keep doing so: in the bundle, each such use
// is replaced by the URL of the module's original file, found at run time through the package
// it belongs to (`require.resolve('<package>/package.json')`), so the bundle reads the data that
// the installed packages ship and never a copy.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeOutputs, writeThirdPartyLicences } from './bundle-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = join(root, 'packages', 'cli');
const cliPackage = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8'));

/** Imports the bundle leaves to Node: they load TypeScript, and only some commands need them. */
const EXTERNAL = ['@kpc/frontend', '@kpc/core/crd-types', 'tsx', 'tsx/*', 'ts-morph', 'typescript'];
for (const name of ['@kpc/frontend', '@kpc/core', 'tsx']) {
  if (cliPackage.dependencies?.[name] === undefined)
    throw new Error(
      `bundle-cli: ${name} is imported by the bundle at run time: list it in packages/cli dependencies`,
    );
}

/** `import.meta.url` of a workspace package's dist file, resolved at run time. */
const moduleUrl = {
  name: 'kpc-module-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const pkgDir = args.path.slice(0, args.path.indexOf(`${sep}dist${sep}`));
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name;
      if (pkg !== cliPackage.name && cliPackage.dependencies?.[pkg] === undefined)
        throw new Error(
          `bundle-cli: ${relative(root, args.path)} uses import.meta.url, so ${pkg} must be a dependency of ${cliPackage.name}`,
        );
      const file = relative(pkgDir, args.path).split(sep).join('/');
      const url = `__kpcModuleUrl(${JSON.stringify(pkg)}, ${JSON.stringify(file)})`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

/**
 * `yaml` as its ES module build (the package's `default` condition) instead of the CommonJS
 * one Node picks: the same code, which esbuild can hoist into the chunk instead of wrapping 73
 * CommonJS modules (parsed twice at start-up). The two builds differ only in the `!!binary`
 * tag (Buffer or atob), which kpc's loader leaves out of its schema, and in debug logging
 * behind environment variables; kpc parses with `logLevel: 'error'`.
 */
const yamlEsm = {
  name: 'kpc-yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml(\/util)?$/ }, (args) => {
      const from = createRequire(join(args.resolveDir, 'noop.js'));
      const dir = dirname(from.resolve('yaml/package.json'));
      const file = args.path === 'yaml' ? 'browser/index.js' : 'browser/dist/util.js';
      return { path: join(dir, file) };
    });
  },
};

// A chunk that calls `require` (bundled CommonJS code, for Node built-ins) or resolves an
// original module URL gets the definitions it uses.
const CREATE_REQUIRE = "import { createRequire as __kpcCreateRequire } from 'node:module';";
const REQUIRE = 'const require = __kpcCreateRequire(import.meta.url);';
const preamble = {
  require: [CREATE_REQUIRE, REQUIRE],
  __kpcModuleUrl: [
    CREATE_REQUIRE,
    "import { dirname as __kpcDirname, join as __kpcJoin } from 'node:path';",
    "import { pathToFileURL as __kpcPathToFileURL } from 'node:url';",
    REQUIRE,
    'const __kpcPackageDirs = new Map();',
    'const __kpcModuleUrl = (pkg, file) => {',
    '  let dir = __kpcPackageDirs.get(pkg);',
    '  if (dir === undefined) {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the bundle's own template literal
    '    dir = __kpcDirname(require.resolve(`${pkg}/package.json`));',
    '    __kpcPackageDirs.set(pkg, dir);',
    '  }',
    '  return __kpcPathToFileURL(__kpcJoin(dir, file)).href;',
    '};',
  ],
};

rmSync(join(cliDir, 'bundle'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // The lint worker thread's entry (commands/lint-workers.ts starts it from here) shares the
  // main entry's chunks.
  entryPoints: {
    main: join(cliDir, 'dist', 'main.js'),
    'lint-worker': join(cliDir, 'dist', 'commands', 'lint-worker.js'),
  },
  outdir: join(cliDir, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  write: false,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
  plugins: [moduleUrl, yamlEsm],
});

writeOutputs(result, preamble);
writeThirdPartyLicences(
  root,
  result.metafile,
  join(cliDir, 'bundle'),
  'The kpc CLI bundle (packages/cli/bundle)',
);
console.log(`bundled ${relative(root, join(cliDir, 'bundle'))}`);
