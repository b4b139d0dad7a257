import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapePointerToken } from '../diagnostics/json-pointer.ts';
import { normalizeManifest } from './normalize.ts';

/** Every object and array of `value` with its JSON Pointer, by a plain walk. */
function expectedPointers(value: unknown, pointer = '', out = new Map<object, string>()) {
  if (value === null || typeof value !== 'object') return out;
  out.set(value, pointer);
  if (Array.isArray(value))
    for (let i = 0; i < value.length; i++) expectedPointers(value[i], `${pointer}/${i}`, out);
  else
    for (const [k, v] of Object.entries(value))
      expectedPointers(v, `${pointer}/${escapePointerToken(k)}`, out);
  return out;
}

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, 1, 'x', true),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b/c', 'd~e', '0', '10', 'z'), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

describe('normalizeManifest pointers', () => {
  it('gives every object and array of the copy its pointer, whatever the order of the questions', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 1000 }), (value, seed) => {
        const { value: copy, pointers } = normalizeManifest(value, { freeze: true });
        const expected = [...expectedPointers(copy)];
        // Ask in a shuffled order and more than once, past the point where the map indexes
        // the whole copy at once.
        const order = [...expected, ...expected].map((e, i) => ({ e, k: (i * 7919 + seed) % 101 }));
        order.sort((a, b) => a.k - b.k);
        for (const { e } of order) {
          expect(pointers.has(e[0])).toBe(true);
          expect(pointers.get(e[0])).toBe(e[1]);
        }
      }),
    );
  });

  it('knows nothing of objects outside the copy, including the input itself', () => {
    const input = { spec: { containers: [{ name: 'a' }] } };
    const { value, pointers } = normalizeManifest(input);
    for (let i = 0; i < 40; i++) {
      expect(pointers.get(input.spec)).toBeUndefined();
      expect(pointers.has({})).toBe(false);
    }
    const copy = value as typeof input;
    expect(pointers.get(copy.spec.containers[0] as object)).toBe('/spec/containers/0');
    expect(pointers.get(copy)).toBe('');
  });
});
