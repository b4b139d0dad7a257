/**
 * Image verification end to end (config `imageVerification`): `kpc lint` reports unpinned
 * selected images and says, per selected image, that its signature is verified only in the
 * cluster; bad declarations are located config errors; `kpc compile` writes the Kyverno and
 * Gatekeeper objects (validated against their CRDs) and the VAP target refuses a
 * declaration that does not name its backends, writing nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crdValidator, sharedSchemaDir, TEST_COSIGN_PUBLIC_KEY } from '@kpc/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runKpcInProcess } from './test-support.ts';

const root = mkdtempSync(join(tmpdir(), 'kpc-imgsig-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DIGEST = `sha256:${'b'.repeat(64)}`;
const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      initContainers:
        - name: init
          image: ghcr.io/org/init@${DIGEST}
      containers:
        - name: app
          image: ghcr.io/org/app:1.2
        - name: proxy
          image: docker.io/library/envoy:1
`;

function project(name: string, declaration: string, targets = "['kyverno', 'gatekeeper', 'vap']") {
  const dir = join(root, name);
  mkdirSync(join(dir, 'manifests'), { recursive: true });
  writeFileSync(join(dir, 'manifests', 'web.yaml'), MANIFESTS);
  writeFileSync(
    join(dir, 'kpc.config.ts'),
    `const key = ${JSON.stringify(TEST_COSIGN_PUBLIC_KEY)};
export default {
  rules: ['disallow-latest-tag'],
  manifests: ['manifests'],
  imageVerification: [
${declaration}
  ],
  compile: { out: 'policies', targets: ${targets} },
};
`,
  );
  return dir;
}

const GOOD = `    {
      name: 'org',
      images: ['ghcr.io/org/*'],
      requireDigest: true,
      attestors: [{ key }],
      targets: ['kyverno', 'gatekeeper'],
    },`;

describe('image verification', { timeout: 240_000 }, () => {
  it('kpc lint reports unpinned selected images and that signatures are checked in the cluster', async () => {
    const r = await runKpcInProcess(['lint', '-f', 'json'], project('lint', GOOD));
    expect(r.status).toBe(1);
    const report = JSON.parse(r.out) as {
      findings: { ruleId: string; pointer: string; severity: string; location: { line: number } }[];
      diagnostics: { code: string; severity: string; message: string; pointer?: string }[];
    };
    expect(report.findings.map((f) => [f.ruleId, f.pointer, f.severity, f.location.line])).toEqual([
      ['verify-images-org', '/spec/template/spec/containers/0/image', 'high', 18],
    ]);
    const notes = report.diagnostics.filter((d) => d.code === 'IMGSIG_CLUSTER_ONLY');
    expect(notes.map((d) => [d.severity, d.pointer])).toEqual([
      ['info', '/spec/template/spec/containers/0/image'],
      ['info', '/spec/template/spec/initContainers/0/image'],
    ]);
    expect(notes[1]!.message).toContain(`ghcr.io/org/init@${DIGEST}`);
  });

  it('bad declarations are located config errors with hints', async () => {
    const dir = project(
      'bad',
      `    {
      name: 'org',
      images: ['nginx'],
      attestors: [{ key: 'not a key' }, { keyless: { issuer: 'https://issuer' } }],
    },`,
    );
    const r = await runKpcInProcess(['lint', '-f', 'json'], dir);
    expect(r.status).toBe(2);
    const lines = r.err.split('\n').filter((l) => l.includes('CFG_INVALID'));
    expect(lines).toEqual([
      expect.stringMatching(
        /kpc\.config\.ts:8:16: error imageVerification\[0\]: images\[0\]: "nginx" names no registry/,
      ),
      expect.stringMatching(
        /kpc\.config\.ts:7:13: error imageVerification\[0\]: attestors\[0\]\.key is not a PEM public key/,
      ),
      expect.stringMatching(
        /kpc\.config\.ts:7:13: error .*attestors\[1\]\.keyless needs exactly one of subject and subjectRegExp/,
      ),
    ]);
    expect(r.err).toContain('hint:');
  });

  it('kpc compile refuses the VAP target for a declaration without targets, writing nothing', async () => {
    const dir = project('vap', GOOD.replace("      targets: ['kyverno', 'gatekeeper'],\n", ''));
    const r = await runKpcInProcess(['compile'], dir);
    expect(r.status).not.toBe(0);
    expect(r.err).toMatch(
      /kpc\.config\.ts:7:13: error image verification org cannot be compiled to ValidatingAdmissionPolicy.*\[VAP_UNSUPPORTED\]/,
    );
    expect(existsSync(join(dir, 'policies'))).toBe(false);
  });

  it('kpc compile writes Kyverno and Gatekeeper objects that validate against their CRDs', async () => {
    const dir = project('compile', GOOD);
    const r = await runKpcInProcess(['compile'], dir);
    expect(r.err).toContain('[VAP_UNSUPPORTED]');
    expect(r.status).toBe(0);
    const read = (p: string) =>
      parseAllDocuments(readFileSync(join(dir, 'policies', p), 'utf8')).map(
        (d) => d.toJS() as Record<string, unknown>,
      );
    const ivp = read('kyverno/verify-images-org/imagevalidatingpolicy.yaml');
    const ratify = read('gatekeeper/templates/verify-images-org/ratify.yaml');
    expect(ivp.map((o) => o.kind)).toEqual(['ImageValidatingPolicy']);
    expect(ratify.map((o) => o.kind)).toEqual([
      'Provider',
      'Store',
      'KeyManagementProvider',
      'Verifier',
    ]);
    expect(
      readFileSync(join(dir, 'policies', 'gatekeeper', 'templates', 'kustomization.yaml'), 'utf8'),
    ).toContain('verify-images-org/ratify.yaml');
    expect(
      existsSync(
        join(dir, 'policies', 'tests', 'kyverno', 'verify-images-org', 'kyverno-test.yaml'),
      ),
    ).toBe(true);
    expect(existsSync(join(dir, 'policies', 'vap', 'verify-images-org'))).toBe(false);
    const k = sharedSchemaDir('kyverno');
    const g = sharedSchemaDir('gatekeeper');
    if (k !== undefined) {
      const v = crdValidator(k, 'policies.kyverno.io_imagevalidatingpolicies.yaml', 'v1');
      expect(v(ivp[0]) ? [] : v.errors).toEqual([]);
    }
    if (g !== undefined) {
      const v = crdValidator(g, 'provider-customresourcedefinition.yaml', 'v1beta1');
      expect(v(ratify[0]) ? [] : v.errors).toEqual([]);
      const t = crdValidator(g, 'constrainttemplate-customresourcedefinition.yaml', 'v1');
      const template = read('gatekeeper/templates/verify-images-org/template.yaml')[0];
      expect(t(template) ? [] : t.errors).toEqual([]);
    }
  });
});
