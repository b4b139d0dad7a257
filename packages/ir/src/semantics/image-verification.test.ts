/**
 * Image verification declarations: the checks users rely on to catch a broken declaration
 * before it reaches a cluster (bad PEM, bad pattern, empty keyless identity), and the
 * offline selection (which images must be signed, which lack a digest).
 */
import { describe, expect, it } from 'vitest';
import { imageVerificationProblems, pemProblem, selectImages } from './image-verification.ts';

const PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEmtwtIRCsBEbu7jNKwpdljjPcY+86
xVJkw7E6g6R5YszYT7xL54J9DXtFREpzIL71ELV8NIKz7r/Bzlnvki08iQ==
-----END PUBLIC KEY-----
`;

const ok = { name: 'app', images: ['ghcr.io/org/*'], attestors: [{ key: PEM }] };
const problems = (d: unknown) => imageVerificationProblems([d]).map((p) => [p.key, p.message]);

describe('imageVerificationProblems', () => {
  it('accepts a key and a keyless declaration', () => {
    expect(imageVerificationProblems([ok])).toEqual([]);
    expect(
      imageVerificationProblems([
        {
          name: 'ci',
          images: ['docker.io/org/app:1.*'],
          requireDigest: true,
          action: 'audit',
          attestors: [
            {
              keyless: {
                issuer: 'https://token.actions.githubusercontent.com',
                subjectRegExp: '^https://github\\.com/org/.*$',
              },
            },
          ],
        },
      ]),
    ).toEqual([]);
  });

  it('refuses a PEM that is not a public key', () => {
    expect(pemProblem(PEM)).toBeUndefined();
    expect(pemProblem(PEM.trimEnd())).toBeUndefined();
    expect(pemProblem(`\n  ${PEM}\n\n`)).toBeUndefined();
    expect(pemProblem('ssh-ed25519 AAAA')).toMatch(/not a PEM public key/);
    expect(pemProblem(PEM.replace('MFkw', 'MF!w'))).toMatch(/not a PEM public key|base64/);
    expect(pemProblem(PEM.replace('PUBLIC KEY', 'CERTIFICATE'))).toMatch(/not a PEM public key/);
    expect(problems({ ...ok, attestors: [{ key: 'nope' }] })).toEqual([
      ['key', expect.stringMatching(/^imageVerification\[0\]: attestors\[0\]\.key is not a PEM/)],
    ]);
  });

  it('refuses patterns allowed-images refuses, with the same hint', () => {
    const p = imageVerificationProblems([{ ...ok, images: ['nginx', 'ghcr.io/Org/app'] }]);
    expect(p.map((x) => [x.key, x.value])).toEqual([
      ['images', 'nginx'],
      ['images', 'ghcr.io/Org/app'],
    ]);
    expect(p[0]!.hint).toMatch(/docker\.io\/library\/nginx/);
    expect(problems({ ...ok, images: [] })).toEqual([
      ['images', expect.stringMatching(/non-empty/)],
    ]);
  });

  it('refuses an empty or half keyless identity, and both forms of one part', () => {
    const keyless = (k: object) => problems({ ...ok, attestors: [{ keyless: k }] });
    expect(keyless({})).toEqual([
      ['keyless', expect.stringMatching(/exactly one of issuer and issuerRegExp .* neither/)],
      ['keyless', expect.stringMatching(/exactly one of subject and subjectRegExp .* neither/)],
    ]);
    expect(keyless({ issuer: 'https://i', subject: 's', subjectRegExp: 's' })).toEqual([
      ['keyless', expect.stringMatching(/subject and subjectRegExp .* both/)],
    ]);
    expect(keyless({ issuer: '', subject: 's' })).toEqual([
      ['issuer', expect.stringMatching(/non-empty/)],
    ]);
    expect(keyless({ issuer: 'https://i', subjectRegExp: '(?=x)' })).toEqual([
      ['subjectRegExp', expect.stringMatching(/RE2/)],
    ]);
    expect(keyless({ issuer: 'https://i', subject: 's', rekorUrl: 'ftp://x' })).toEqual([
      ['rekorUrl', expect.stringMatching(/http/)],
    ]);
  });

  it('refuses unknown keys, bad names, duplicates and attestor shapes', () => {
    expect(problems({ ...ok, signers: [] })).toEqual([
      ['signers', 'imageVerification[0]: unknown key "signers"'],
    ]);
    expect(problems({ ...ok, name: 'My App' })).toEqual([
      ['name', expect.stringMatching(/kebab-case/)],
    ]);
    expect(imageVerificationProblems([ok, ok]).map((p) => p.message)).toEqual([
      'imageVerification[1]: name "app" is declared twice',
    ]);
    expect(problems({ ...ok, attestors: [] })).toEqual([
      ['attestors', expect.stringMatching(/non-empty/)],
    ]);
    expect(problems({ ...ok, attestors: [{ key: PEM, keyless: {} }] })).toEqual([
      ['attestors', expect.stringMatching(/exactly one of key and keyless/)],
    ]);
    expect(problems({ ...ok, requireDigest: 'yes' })).toEqual([
      ['requireDigest', expect.any(String)],
    ]);
    expect(problems({ ...ok, action: 'warn' })).toEqual([['action', expect.any(String)]]);
    expect(imageVerificationProblems({})).toHaveLength(1);
  });
});

describe('selectImages', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  it('selects matching images of every container list, pinned or not, in every pod kind', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            initContainers: [{ image: `ghcr.io/org/init@${digest}` }],
            containers: [{ image: 'ghcr.io/org/app:1.0' }, { image: 'nginx' }, { image: 7 }],
            ephemeralContainers: [{ image: 'ghcr.io/org/debug' }],
          },
        },
      },
    };
    expect(selectImages(ok, deployment)).toEqual([
      { image: 'ghcr.io/org/app:1.0', pointer: '/spec/template/spec/containers/0', pinned: false },
      {
        image: `ghcr.io/org/init@${digest}`,
        pointer: '/spec/template/spec/initContainers/0',
        pinned: true,
      },
      {
        image: 'ghcr.io/org/debug',
        pointer: '/spec/template/spec/ephemeralContainers/0',
        pinned: false,
      },
    ]);
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: {
        jobTemplate: { spec: { template: { spec: { containers: [{ image: 'ghcr.io/org/x' }] } } } },
      },
    };
    expect(selectImages(ok, cron).map((s) => s.pointer)).toEqual([
      '/spec/jobTemplate/spec/template/spec/containers/0',
    ]);
  });

  it('selects nothing in objects without a pod spec or with a malformed one', () => {
    expect(selectImages(ok, { apiVersion: 'v1', kind: 'ConfigMap', data: {} })).toEqual([]);
    expect(selectImages(ok, { apiVersion: 'v1', kind: 'Pod', spec: { containers: 'x' } })).toEqual(
      [],
    );
    expect(selectImages(ok, null)).toEqual([]);
  });
});
