/**
 * The flag helpers' definition (docs/ir.md, "Command-line flags"), pinned case by case to
 * what Go's pflag does with the same argv (kube-apiserver, kube-controller-manager,
 * kube-scheduler).
 */
import { describe, expect, it } from 'vitest';
import { booleanFlag, flagValue, flagValues } from './flags.ts';

const c = (command: unknown, args?: unknown) => ({ command, ...(args ? { args } : {}) });

describe('flagValue / flagValues (value flags)', () => {
  it.each([
    ['equals spelling', ['kube-apiserver', '--m=/a'], ['/a']],
    ['two arguments', ['kube-apiserver', '--m', '/a'], ['/a']],
    ['repeated: every value in order', ['x', '--m=A', '--m', 'B', '--m=C,D'], ['A', 'B', 'C,D']],
    [
      'the next argument is the value even when it looks like a flag',
      ['x', '--m', '--m=B'],
      ['--m=B'],
    ],
    ['a value consumed by the flag is not read again', ['x', '--m', '--m', 'y'], ['--m']],
    ['the value may be "--" (then it ends nothing)', ['x', '--m', '--', '--m=B'], ['--', 'B']],
    ['a bare "--" ends the flags', ['x', '--m=A', '--', '--m=B'], ['A']],
    ['an empty value is a value', ['x', '--m='], ['']],
    ['the value keeps later "=" signs', ['x', '--m=a=b'], ['a=b']],
    ['a value flag with no argument left is not given', ['x', '--m'], []],
    ['a longer flag name is another flag', ['x', '--m-x=1', '--mm=2'], []],
    ['one dash is not the flag', ['x', '-m=1'], []],
  ] as const)('%s', (_name, argv, want) => {
    expect(flagValues(c(argv), '--m')).toEqual(want);
    expect(flagValue(c(argv), '--m')).toBe(want.at(-1));
  });

  it('reads command ++ args, skips non-strings, and treats other shapes as no arguments', () => {
    expect(flagValues(c(['x', '--m']), '--m')).toEqual([]);
    expect(flagValues(c(['x', '--m'], ['v']), '--m')).toEqual(['v']);
    expect(flagValues(c(['x', 7, '--m=1'], [null, '--m=2']), '--m')).toEqual(['1', '2']);
    expect(flagValues({ args: ['--m=1'] }, '--m')).toEqual(['1']);
    expect(flagValues(c('--m=1'), '--m')).toEqual([]);
    expect(flagValues('--m=1', '--m')).toEqual([]);
    expect(flagValues(undefined, '--m')).toEqual([]);
  });

  it('the last occurrence wins for flagValue', () => {
    expect(flagValue(c(['x', '--b=0.0.0.0', '--b', '127.0.0.1']), '--b')).toBe('127.0.0.1');
    expect(flagValue(c(['x', '--b', '127.0.0.1', '--b=0.0.0.0']), '--b')).toBe('0.0.0.0');
    expect(flagValue(c(['x']), '--b')).toBeUndefined();
  });
});

describe('booleanFlag', () => {
  it.each([
    ['alone is true', ['x', '--p'], true],
    ['=false', ['x', '--p=false'], false],
    ['every ParseBool spelling of false', ['x', '--p=0', '--p=F'], false],
    ['every ParseBool spelling of true', ['x', '--p=false', '--p=True'], true],
    ['a separate "false" is an argument, not the value', ['x', '--p', 'false'], true],
    ['the last occurrence wins', ['x', '--p=false', '--p'], true],
    ['a value that is no boolean', ['x', '--p=no'], undefined],
    ['not given', ['x', '--q=false'], undefined],
    ['after "--"', ['x', '--', '--p=false'], undefined],
  ] as const)('%s', (_name, argv, want) => {
    expect(booleanFlag(c(argv), '--p')).toBe(want);
  });
});
