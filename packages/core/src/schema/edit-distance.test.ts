import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './edit-distance.ts';

describe('editDistance', () => {
  it.each([
    ['privilaged', 'privileged', 1],
    ['runAsNonroot', 'runAsNonRoot', 0],
    ['prots', 'ports', 1],
    ['abc', 'xyz', 3],
    ['', 'ab', 2],
  ])('%s ~ %s = %i', (a, b, d) => expect(editDistance(a, b)).toBe(d));
});

describe('closestName', () => {
  it('suggests near names only', () => {
    expect(closestName('privilaged', ['privileged', 'procMount'])).toBe('privileged');
    expect(closestName('imagePulPolicy', ['image', 'imagePullPolicy'])).toBe('imagePullPolicy');
    expect(closestName('zzz', ['image', 'name'])).toBeUndefined();
  });
});
