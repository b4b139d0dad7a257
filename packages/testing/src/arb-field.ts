/**
 * Building blocks for the manifest arbitraries: optional fields that are absent, an
 * explicit `null`, or a value, with a bias toward the edge cases rules get wrong.
 */
import fc from 'fast-check';

/** Marker for "leave the key out" inside generated records. */
const ABSENT: unique symbol = Symbol('absent');
type Absent = typeof ABSENT;

/** An optional field: absent (most often), an explicit `null`, or a value. */
export function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | Absent> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(ABSENT) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 5, arbitrary: arb },
  );
}

type Field<T> = fc.Arbitrary<T>;

/**
 * A JSON object from required and optional field arbitraries. An optional field that came
 * out absent is left out of the object; `null` is kept as an explicit `null`.
 */
export function object(
  required: Readonly<Record<string, Field<unknown>>>,
  optionalFields: Readonly<Record<string, Field<unknown>>> = {},
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, Field<unknown>> = { ...required };
  for (const [key, arb] of Object.entries(optionalFields)) model[key] = optional(arb);
  return fc.record(model).map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== ABSENT) out[k] = v;
    return out;
  });
}

/** A boolean biased to both values (the absent/null cases come from `optional`). */
export const bool = (): fc.Arbitrary<boolean> => fc.boolean();

/** A list, empty about one time in five (an empty list is an edge case of its own). */
export function list<T>(arb: fc.Arbitrary<T>, maxLength = 3): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant([] as T[]) },
    { weight: 4, arbitrary: fc.array(arb, { minLength: 1, maxLength }) },
  );
}

/** One of the given constants. */
export function oneOf<T>(...values: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}
