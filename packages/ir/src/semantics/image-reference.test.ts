import { describe, expect, it } from 'vitest';
import {
  imageMatches,
  imagePatternProblem,
  imageReference,
  parseImageReference,
} from './image-reference.ts';

const H64 = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae';

describe('imageReference normalises as the kubelet pulls (distribution reference grammar)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['library/nginx', 'docker.io/library/nginx:latest'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['index.docker.io/nginx:1', 'docker.io/library/nginx:1'],
    ['index.docker.io/myorg/app', 'docker.io/myorg/app:latest'],
    ['myorg/app:1.0', 'docker.io/myorg/app:1.0'],
    ['myorg/team/app', 'docker.io/myorg/team/app:latest'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app:dev', 'localhost:5000/app:dev'],
    ['registry:5000/team/app', 'registry:5000/team/app:latest'],
    [`registry:5000/team/app@sha256:${H64}`, `registry:5000/team/app@sha256:${H64}`],
    [`ghcr.io/org/app:v1@sha256:${H64}`, `ghcr.io/org/app:v1@sha256:${H64}`],
    [`nginx@sha256:${H64}`, `docker.io/library/nginx@sha256:${H64}`],
    ['Registry.Example.com/team/app', 'Registry.Example.com/team/app:latest'],
    ['Foo/bar', 'Foo/bar:latest'],
    ['[::1]:5000/app', '[::1]:5000/app:latest'],
    ['127.0.0.1:5000/a/b/c:TAG_1.x-y', '127.0.0.1:5000/a/b/c:TAG_1.x-y'],
    ['a-b__c/d--e.f_g', 'docker.io/a-b__c/d--e.f_g:latest'],
    ['localhost', 'docker.io/library/localhost:latest'],
    ['localhost:5000', 'docker.io/library/localhost:5000'],
    ['example.com', 'docker.io/library/example.com:latest'],
  ])('%s → %s', (image, normalised) => {
    expect(imageReference(image)).toBe(normalised);
  });

  it.each([
    ['', 'empty'],
    [H64, 'a bare 64-hex identifier'],
    ['registry.example.com/Team/app', 'upper-case path'],
    ['NGINX', 'upper-case single name'],
    ['nginx:', 'empty tag'],
    ['nginx:-x', 'tag starting with -'],
    [`nginx:${'a'.repeat(129)}`, 'tag longer than 128'],
    ['nginx@sha256:abc', 'short digest'],
    [`nginx@md5:${H64}`, 'unavailable digest algorithm'],
    [`nginx@sha256:${H64.toUpperCase()}`, 'upper-case digest hex'],
    [`nginx@sha512:${H64}`, 'digest of the wrong length'],
    ['a_b.c/x', 'a registry that is not a host name'],
    ['-x.com/app', 'host component starting with -'],
    ['registry.example.com/', 'empty path'],
    ['a//b', 'empty path component'],
    ['a/b_', 'trailing separator'],
    ['a/.b', 'leading separator'],
    ['a___b', 'three underscores'],
    ['nginx:1 ', 'space'],
    ['nginé', 'non-ASCII'],
    ['reg:port/app', 'non-numeric port'],
    [`docker.io/${'a'.repeat(248)}`, 'path longer than 255 with library/'],
  ])('%s is invalid (%s)', (image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });

  it('splits the parts', () => {
    expect(parseImageReference(`localhost:5000/a/b:1@sha256:${H64}`)).toEqual({
      domain: 'localhost:5000',
      path: 'a/b',
      tag: '1',
      digest: `sha256:${H64}`,
      normalized: `localhost:5000/a/b:1@sha256:${H64}`,
    });
    expect(parseImageReference(`a/b@sha256:${H64}`)?.tag).toBeUndefined();
  });
});

describe('imageMatches', () => {
  const yes = (image: string, ...patterns: string[]) =>
    expect(imageMatches(image, patterns), `${image} ~ ${patterns}`).toBe(true);
  const no = (image: string, ...patterns: string[]) =>
    expect(imageMatches(image, patterns), `${image} !~ ${patterns}`).toBe(false);

  it('matches organisations, repositories, tags and digests', () => {
    yes('myorg/app:1.0', 'docker.io/myorg/*');
    yes('myorg/team/app', 'docker.io/myorg/*');
    no('myorgx/app', 'docker.io/myorg/*');
    yes('nginx', 'docker.io/library/nginx');
    yes('nginx:1.27', 'docker.io/library/nginx');
    yes(`nginx@sha256:${H64}`, 'docker.io/library/nginx');
    no('nginx-evil', 'docker.io/library/nginx');
    yes('nginx:1.27', 'docker.io/library/nginx:1.*');
    yes(`nginx:1.27@sha256:${H64}`, 'docker.io/library/nginx:1.*');
    no('nginx', 'docker.io/library/nginx:1.*');
    yes('nginx', 'docker.io/library/nginx:latest');
    no(`nginx@sha256:${H64}`, 'docker.io/library/nginx:*');
    yes(`nginx:1@sha256:${H64}`, 'docker.io/library/nginx@sha256:*');
    no('nginx:1', 'docker.io/library/nginx@sha256:*');
    yes(`nginx:1@sha256:${H64}`, `docker.io/library/nginx:1@sha256:${H64}`);
    yes('registry.example.com:5000/team/app:2', 'registry.example.com:*/team/*');
    no('registry.example.com/team/app:2', 'registry.example.com:*/team/*');
    yes('localhost:5000/app', 'localhost:500?/app');
    no('localhost:50000/app', 'localhost:500?/app');
    yes('[::1]:5000/app', '[::1]:5000/*');
    yes('ghcr.io/org/a.b-c', 'ghcr.io/org/a.b-?');
    no('ghcr.io/org/axb-c', 'ghcr.io/org/a.b-?');
  });

  it('matches nothing for invalid images, non-strings and patterns outside the alphabet', () => {
    no('Registry/Team/app', 'Registry/*');
    no('', '*');
    expect(imageMatches('nginx', [1, null, {}])).toBe(false);
    no('nginx', 'docker.io/library/(nginx)');
    no('nginx', 'docker.io/library/ngin.');
    yes('nginx', '*');
  });
});

describe('imagePatternProblem refuses patterns that match nothing', () => {
  it.each([
    'docker.io/library/nginx',
    'docker.io/myorg/*',
    'registry.example.com/team/app:1.*',
    'registry.example.com:5000/team/app',
    `registry.example.com/team/app@sha256:${H64}`,
    'ghcr.io/org/*@sha256:*',
    'localhost/app',
    '*/library/nginx',
    'docker.io/*',
    'Registry.Example.com/team/*',
  ])('accepts %s', (p) => {
    expect(imagePatternProblem(p)).toBeUndefined();
  });

  it.each([
    ['nginx', 'names no registry'],
    ['myorg/*', 'names no registry'],
    ['docker.io/nginx', 'not normalised'],
    ['index.docker.io/library/nginx', 'not normalised'],
    ['registry.example.com/Team/*', 'upper-case'],
    ['docker.io/library/nginx:', 'not a valid image reference'],
    ['docker.io/library/(nginx|redis)', 'characters'],
    ['', 'characters'],
  ])('refuses %s (%s)', (p, what) => {
    const problem = imagePatternProblem(p);
    expect(problem?.message).toContain(what);
    expect(problem?.hint).toMatch(/\S/);
  });
});
