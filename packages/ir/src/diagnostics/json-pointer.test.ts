import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapePointerToken, fromPointer } from './json-pointer.ts';

describe('fromPointer', () => {
  it('reads back the tokens of any pointer built with escapePointerToken', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z~/0-9]{0,4}$/), { maxLength: 5 }), (tokens) => {
        const pointer = tokens.map((t) => `/${escapePointerToken(t)}`).join('');
        expect(fromPointer(pointer)).toEqual(tokens);
      }),
    );
  });

  it('unescapes ~1 before ~0 (RFC 6901), and gives no token for the root', () => {
    expect(fromPointer('/a~01/b~10')).toEqual(['a~1', 'b/0']);
    expect(fromPointer('')).toEqual([]);
  });
});
