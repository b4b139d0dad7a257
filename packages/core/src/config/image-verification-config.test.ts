/**
 * The config check of `imageVerification`: a PEM with the right armour but a body no
 * crypto library reads is refused at load time, located at the declaration; problems with
 * a string value point at that string.
 */
import { TEST_COSIGN_PUBLIC_KEY } from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { imageVerificationConfigProblems } from './image-verification-config.ts';

const source = `export default {
  imageVerification: [
    {
      name: 'app',
      images: ['ghcr.io/org/*', 'Bad Pattern'],
      attestors: [{ key }],
    },
  ],
};
`;

describe('imageVerificationConfigProblems', () => {
  it('accepts a real key', () => {
    const v = [
      { name: 'app', images: ['ghcr.io/org/*'], attestors: [{ key: TEST_COSIGN_PUBLIC_KEY }] },
    ];
    expect(imageVerificationConfigProblems(v, 'kpc.config.ts', source)).toEqual([]);
  });

  it('refuses a well-armoured PEM whose body is not a key, at the declaration', () => {
    const broken = TEST_COSIGN_PUBLIC_KEY.replace('xVJkw7E6g6R5Ys', 'AAAAAAAAAAAAAA');
    const v = [{ name: 'app', images: ['ghcr.io/org/*'], attestors: [{ key: broken }] }];
    const d = imageVerificationConfigProblems(v, 'kpc.config.ts', source);
    expect(d.map((x) => [x.code, x.location?.line, x.location?.column])).toEqual([
      ['CFG_INVALID', 4, 13],
    ]);
    expect(d[0]!.message).toMatch(/attestors\[0\]\.key is not a public key Node's crypto can read/);
  });

  it('points a bad pattern at its string literal', () => {
    const v = [
      {
        name: 'app',
        images: ['ghcr.io/org/*', 'Bad Pattern'],
        attestors: [{ key: TEST_COSIGN_PUBLIC_KEY }],
      },
    ];
    const d = imageVerificationConfigProblems(v, 'kpc.config.ts', source);
    expect(d.map((x) => [x.location?.line, x.location?.column])).toEqual([[5, 33]]);
    expect(d[0]!.hint).toBeDefined();
  });
});
