// What the two bundles of the build (scripts/bundle-cli.mjs, scripts/bundle-validators.mjs)
// share: writing esbuild's outputs with the preamble each file needs, and the licences of the
// third-party code they carry.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes the outputs of an esbuild run made with `write: false`. `preamble` maps an
 * identifier to the ES module lines that define it; a file gets the lines of the identifiers
 * it uses. (Bundled CommonJS code calls `require` for Node built-ins, which an ES module must
 * define; most chunks never do, and each definition costs a `createRequire` at startup.)
 */
export function writeOutputs(result, preamble) {
  for (const file of result.outputFiles) {
    const text = file.text;
    const lines = new Set();
    for (const [name, defs] of Object.entries(preamble))
      if (new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text))
        for (const line of defs) lines.add(line);
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, lines.size === 0 ? text : `${[...lines].join('\n')}\n${text}`);
  }
}

// A bundle carries code of third-party packages: their licences travel with it, in
// THIRD-PARTY-LICENSES.txt next to the bundle (one entry per package@version, sorted).

/** The package directory of a bundled input path, or undefined for workspace sources. */
function packageDir(path) {
  const m = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/@.][^\\/]*)[\\/]/.exec(path);
  return m?.[1];
}

export function writeThirdPartyLicences(root, metafile, outDir, what) {
  const bundled = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDir(join(root, input));
    if (dir === undefined) continue;
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    bundled.set(`${meta.name}@${meta.version}`, { dir, meta });
  }
  const entries = [...bundled.keys()].sort().map((key) => {
    const { dir, meta } = bundled.get(key);
    const file = readdirSync(dir)
      .sort()
      .find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text =
      file !== undefined
        ? readFileSync(join(dir, file), 'utf8').trim()
        : `(the package ships no licence file; its package.json says: ${meta.license ?? 'nothing'})`;
    return `${key} (${meta.license ?? 'unknown'})\n\n${text}\n`;
  });
  writeFileSync(
    join(outDir, 'THIRD-PARTY-LICENSES.txt'),
    `${what} includes code of these packages:\n\n${entries.join('\n---\n\n')}`,
  );
}
