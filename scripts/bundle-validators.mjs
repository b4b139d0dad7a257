// Bundles the schema validators of the built-in kinds (kubernetes-models' ajv standalone code)
// into packages/core/dist/schema/validators/: one small ES module per kind that @kpc/core's
// `builtInValidator` loads, with the schemas they share in common chunks.
//
// Why (issue 9, startup): loading the Pod validator from kubernetes-models resolves and
// compiles about 180 CommonJS modules (140 ms of the 290 ms CPU of `kpc lint` of one Pod), most
// of them the string formats of `@kubernetes-models/validate`, which imports every format of
// ajv-formats-draft2019 (an e-mail grammar, URI parsing, punycode), `is-cidr` and all 24
// locales of ajv-i18n at load time. The schemas of Kubernetes 1.33 use six formats: byte,
// double, date-time, int32, int64 and quantity. The bundle leaves out what no schema can reach:
// draft2019's formats (an empty set), `is-cidr` (only the `cidr` format calls it; a call throws)
// and ajv-i18n's other locales (the English one is loaded if asked for). The build fails if a
// bundled schema names a format that is not defined without them, so the bundled validators
// are the same functions over the same formats as kubernetes-models' own; a test compares them
// (packages/core/src/schema/bundled-validators.test.ts).

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeOutputs, writeThirdPartyLicences } from './bundle-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const coreDir = join(root, 'packages', 'core');
const outDir = join(coreDir, 'dist', 'schema', 'validators');
const fromCore = createRequire(join(coreDir, 'package.json'));
const structure = JSON.parse(
  readFileSync(join(coreDir, 'src', 'schema', 'k8s-structure.generated.json'), 'utf8'),
);
const modelsRoot = dirname(fromCore.resolve('kubernetes-models'));
const validateDir = dirname(
  dirname(fromCore.resolve('@kubernetes-models/validate', { paths: [modelsRoot] })),
);
const fromValidate = createRequire(join(validateDir, 'package.json'));
const names = [...new Set(Object.values(structure.kinds).map((k) => k.validator))].sort();
for (const name of names) if (!/^\w+$/.test(name)) throw new Error(`bad validator name ${name}`);

/** Formats defined without the left-out modules: ajv-formats' full set and kubernetes-models' own. */
const DEFINED_FORMATS = new Set([
  ...Object.keys(fromValidate('ajv-formats/dist/formats.js').fullFormats),
  'byte',
  'quantity',
  'string',
]);

const STUBS = {
  'ajv-formats-draft2019/formats/index.js': 'module.exports = {};',
  'is-cidr':
    "module.exports = () => { throw new Error('kpc bundle: the cidr format is not bundled (no built-in schema uses it)'); };",
  'ajv-i18n': "module.exports = { get en() { return require('ajv-i18n/localize/en'); } };",
};

const plugin = {
  name: 'kpc-validators',
  setup(b) {
    b.onResolve({ filter: /^kpc-validator:/ }, (args) => ({
      path: args.path.slice('kpc-validator:'.length),
      namespace: 'kpc-validator',
    }));
    b.onLoad({ filter: /.*/, namespace: 'kpc-validator' }, (args) => ({
      contents: `export { validate } from ${JSON.stringify(join(modelsRoot, '_schemas', `${args.path}.js`))};\n`,
      loader: 'js',
      resolveDir: modelsRoot,
    }));
    const stubbed = new RegExp(
      `^(${Object.keys(STUBS)
        .map((s) => s.replace(/[.*/]/g, '\\$&'))
        .join('|')})$`,
    );
    b.onResolve({ filter: stubbed }, (args) => {
      if (
        !args.importer.includes(`${join('@kubernetes-models', 'validate')}`) &&
        !args.importer.startsWith(validateDir)
      )
        return undefined;
      return { path: args.path, namespace: 'kpc-stub' };
    });
    b.onLoad({ filter: /.*/, namespace: 'kpc-stub' }, (args) => ({
      contents: STUBS[args.path],
      loader: 'js',
      resolveDir: validateDir,
    }));
  },
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(names.map((n) => [n, `kpc-validator:${n}`])),
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  chunkNames: 'chunks/[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  write: false,
  plugins: [plugin],
});

// Every format a bundled schema uses must be defined without the stubbed modules.
const used = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  if (!/_schemas[\\/]/.test(input)) continue;
  const text = readFileSync(join(root, input), 'utf8');
  for (const m of text.matchAll(/formats\.([A-Za-z_$][\w$]*)|formats\["([^"]+)"\]/g))
    used.add(m[1] ?? m[2]);
}
const missing = [...used].filter((f) => !DEFINED_FORMATS.has(f));
if (missing.length > 0)
  throw new Error(
    `bundle-validators: schemas use formats the bundle leaves out: ${missing.join(', ')}`,
  );

writeOutputs(result, {
  require: [
    "import { createRequire as __kpcCreateRequire } from 'node:module';",
    'const require = __kpcCreateRequire(import.meta.url);',
  ],
});
writeFileSync(
  join(outDir, 'index.json'),
  `${JSON.stringify({ kubernetesModels: structure.kubernetesModels, formats: [...used].sort(), validators: names }, null, 2)}\n`,
);
writeThirdPartyLicences(
  root,
  result.metafile,
  outDir,
  'The bundled schema validators of @kpc/core (dist/schema/validators)',
);
console.log(
  `bundled ${relative(root, outDir)} (${names.length} kinds; formats ${[...used].sort().join(', ')})`,
);
