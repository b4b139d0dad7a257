/**
 * Pack and install, as a user gets kpc: every package packed with `pnpm pack` (which turns
 * `workspace:` ranges into versions), the tarballs installed with plain npm into a fresh
 * project outside the workspace, then the `kpc` bin, the documented API (docs/api.md, ESM and
 * CommonJS, plain node, no loader) and a TypeScript consumer (skipLibCheck: false, no
 * @types/node) are run against the installed copies. Needs the build (`pnpm build`, which
 * `pnpm test` runs first) and the npm registry for third-party dependencies.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiExamples } from './api-examples.ts';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures');
const PACKAGES = readdirSync(join(root, 'packages'))
  .filter((d) => existsSync(join(root, 'packages', d, 'package.json')))
  .sort();
/** Installed into the consumer (the test-only package is packed and inspected, not installed). */
const INSTALLED = PACKAGES.filter((p) => p !== 'testing');

interface Run {
  readonly status: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs a command asynchronously (a blocking spawnSync would starve vitest's worker RPC). */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out, err }));
    child.stdin.end();
  });
}

/** pnpm as this test was started by (`pnpm test` sets npm_execpath), else `npx pnpm@9`. */
function pnpm(args: readonly string[]): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath, ...args]];
  return ['npx', ['--yes', 'pnpm@9', ...args]];
}

let work: string;
let project: string;
const tarballs = new Map<string, string>();

function tarList(tarball: string): string[] {
  const r = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar -tzf ${tarball}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
}

function tarFile(tarball: string, path: string): string {
  const r = spawnSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${path} not in ${tarball}`);
  return r.stdout;
}

beforeAll(async () => {
  for (const p of PACKAGES)
    if (!existsSync(join(root, 'packages', p, 'dist', 'index.js')))
      throw new Error(`packages/${p}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
  work = mkdtempSync(join(tmpdir(), 'kpc-pack-'));
  const packs = join(work, 'tarballs');
  mkdirSync(packs);
  // All at once: each pack is mostly pnpm's start-up (12 packages: 7.6 s one after another,
  // 4.1 s together on 2 cores).
  await Promise.all(
    PACKAGES.map(async (p) => {
      const [cmd, args] = pnpm(['pack', '--pack-destination', packs]);
      const r = await run(cmd, args, join(root, 'packages', p));
      if (r.status !== 0) throw new Error(`pnpm pack in packages/${p} failed:\n${r.out}${r.err}`);
    }),
  );
  for (const f of readdirSync(packs)) {
    const m = /^kpc-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(f);
    if (m) tarballs.set(m[1]!, join(packs, f));
  }
  project = join(work, 'team-repo');
  cpSync(join(fixtures, 'consumer'), project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'team-repo', private: true, type: 'module' }, null, 2)}\n`,
  );
  const install = await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      'typescript@5',
      ...INSTALLED.map((p) => tarballs.get(p)!),
    ],
    project,
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.out}${install.err}`);
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed tarballs', () => {
  it('exist for every package, carry only built files, and name real versions', () => {
    expect([...tarballs.keys()].sort()).toEqual(PACKAGES);
    for (const [name, tarball] of tarballs) {
      const files = tarList(tarball);
      expect(files, name).toContain('package.json');
      expect(files, `${name}: the licence text`).toContain('LICENSE');
      expect(
        files.filter((f) => /(^|\/)(src|fixtures|test-support)\/|\.test\.|tsbuildinfo$/.test(f)),
        `${name}: no sources, tests or fixtures`,
      ).toEqual([]);
      const manifest = tarFile(tarball, 'package.json');
      expect(manifest, `${name}: workspace: ranges are resolved`).not.toContain('workspace:');
      // Every file an export condition (other than the workspace-only source one) points at
      // is in the tarball: a missing published file fails here.
      const pkg = JSON.parse(manifest) as {
        exports: Record<string, string | Record<string, string>>;
        bin?: Record<string, string>;
      };
      for (const [sub, target] of Object.entries(pkg.exports)) {
        const targets =
          typeof target === 'string'
            ? [target]
            : Object.entries(target)
                .filter(([c]) => c !== '@kpc/source')
                .map(([, t]) => t);
        for (const t of targets)
          expect(files, `${name} export ${sub} → ${t}`).toContain(t.replace(/^\.\//, ''));
      }
      for (const b of Object.values(pkg.bin ?? {}))
        expect(files, `${name} bin`).toContain(b.replace(/^\.\//, ''));
    }
  });

  it('carry the licences of the third-party code their bundles include', () => {
    const cli = tarFile(tarballs.get('cli')!, 'bundle/THIRD-PARTY-LICENSES.txt');
    expect(cli).toMatch(/^yaml@\d[^\n]* \(ISC\)$/m);
    const core = tarFile(tarballs.get('core')!, 'dist/schema/validators/THIRD-PARTY-LICENSES.txt');
    for (const pkg of ['kubernetes-models', '@kubernetes-models/validate', 'ajv-formats'])
      expect(core).toMatch(new RegExp(`^${pkg.replace('/', '\\/')}@\\d`, 'm'));
  });

  it('keep test-only and compiler dependencies out of what lint installs', () => {
    const deps = (name: string) =>
      Object.keys(
        (
          JSON.parse(tarFile(tarballs.get(name)!, 'package.json')) as {
            dependencies?: Record<string, string>;
          }
        ).dependencies ?? {},
      );
    expect(deps('ir')).toEqual([]);
    for (const name of [
      'ir',
      'core',
      'rules',
      'compile',
      'cel',
      'compile-kyverno',
      'compile-gatekeeper',
    ])
      expect(deps(name), name).not.toContain('ts-morph');
    for (const name of INSTALLED) expect(deps(name), name).not.toContain('fast-check');
    expect(deps('frontend')).toContain('ts-morph');
  });
});

describe('the installed kpc bin', () => {
  const kpc = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    run(
      process.execPath,
      [join(project, 'node_modules', '@kpc', 'cli', 'bin', 'kpc.js'), ...args],
      project,
      env,
    );

  it('lints a manifest with the catalog: findings and exit 1, without loading tsx or TypeScript', async () => {
    const traceFile = join(work, 'lint-trace.txt');
    const r = await run(
      process.execPath,
      [
        '--import',
        join(fixtures, 'trace-loads.mjs'),
        join(project, 'node_modules', '.bin', 'kpc'),
        'lint',
        '--no-config',
        'insecure.yaml',
      ],
      project,
      { KPC_TRACE_FILE: traceFile },
    );
    expect(r.status, r.err).toBe(1);
    expect(r.out).toMatch(/pss-privileged/);
    expect(r.out).toMatch(/pss-host-namespaces/);
    const loaded = readFileSync(traceFile, 'utf8').split('\n');
    // The bin runs the bundled CLI, which validates with @kpc/core's bundled validators.
    expect(loaded.some((m) => m.includes('/node_modules/@kpc/cli/bundle/'))).toBe(true);
    expect(loaded.some((m) => m.includes('/node_modules/@kpc/core/dist/schema/'))).toBe(true);
    expect(loaded.filter((m) => /kubernetes-models[\\/]_schemas[\\/]/.test(m))).toEqual([]);
    expect(
      loaded.filter((m) =>
        /[\\/]node_modules[\\/](tsx|typescript|ts-morph|@ts-morph|json-schema-to-typescript|fast-check)[\\/]/.test(
          m,
        ),
      ),
    ).toEqual([]);
  });

  it('compiles every target from a kpc.config.ts with a TypeScript user rule', async () => {
    const r = await kpc(['compile', '--target', 'all', '--out', 'policies']);
    expect(r.status, r.out + r.err).toBe(0);
    const out = join(project, 'policies');
    const all = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? all(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name],
      );
    const files = all(out);
    expect(files.some((f) => f.startsWith('kyverno/team-label/'))).toBe(true);
    expect(files.some((f) => f.startsWith('gatekeeper/templates/team-label/'))).toBe(true);
    expect(files.some((f) => f.startsWith('kyverno/pss-privileged/'))).toBe(true);
    // And the drift check agrees with what was written.
    const check = await kpc(['compile', '--target', 'all', '--out', 'policies', '--check']);
    expect(check.status, check.out + check.err).toBe(0);
  }, 300_000);

  it('runs the user rule through kpc lint with the config (tsx loads kpc.config.ts)', async () => {
    writeFileSync(
      join(project, 'deploy.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec: { containers: [{ name: c, image: nginx:1.27 }] }\n',
    );
    const r = await kpc(['lint', 'deploy.yaml']);
    expect(r.status, r.err).toBe(1);
    expect(r.out).toContain('deployment "api" has no team label');
  }, 300_000);
});

describe('the documented API from plain node', () => {
  const examples = apiExamples();
  it('docs/api.md has examples, for ESM and CommonJS', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(examples.some((e) => e.file.endsWith('.cjs'))).toBe(true);
  });
  for (const ex of examples) {
    it(`${ex.file} (docs/api.md:${ex.line}) runs without a loader`, async () => {
      const file = join(project, ex.file);
      writeFileSync(file, ex.code);
      const r = await run(process.execPath, [file], project);
      expect(r.status, `${ex.file}\n${r.out}${r.err}`).toBe(0);
    });
  }
});

describe('TypeScript consumers', () => {
  it('type-check against the published .d.ts with skipLibCheck: false and no @types/node', async () => {
    expect(existsSync(join(project, 'node_modules', 'typescript'))).toBe(true);
    const r = await run(
      process.execPath,
      [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
      project,
    );
    expect(r.status, r.out + r.err).toBe(0);
  });
});
