/**
 * The lowering with static types from the schema (docs/ir.md, "Static types from the
 * schema"): on schema-valid values, explicit nulls included, typed CEL gives the IR's value,
 * with both number typings; and the guards the schema makes impossible are gone.
 */
import {
  call,
  coalesce,
  compare,
  comprehension,
  concat,
  type Expr,
  evaluateExpr,
  get,
  kindSchemaType,
  length,
  let_,
  list,
  literal,
  normalizeManifest,
  ref,
  schemaTypeAtPath,
  stringTest,
  truthy,
} from '@kpc/ir';
import { arbContainer, CelContext, fromCelValue, schemaTypeData } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CelBinding, lowerExpr, NameSource } from './lower.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 5_000 : 150;
const data = schemaTypeData();
const pod = kindSchemaType(data, { group: '', version: 'v1', kind: 'Pod' });
const containerType = schemaTypeAtPath(data, pod, ['spec']);

const x = ref('x');
const sc = get(x, 'securityContext');
const image = coalesce(get(x, 'image'), literal(''));

/** Expressions over one container `x`, reading typed fields the way rules do. */
const CASES: Readonly<Record<string, Expr>> = {
  message: concat([
    literal('container "'),
    coalesce(get(x, 'name'), literal('')),
    literal('" image '),
    get(x, 'image'),
    literal(' user '),
    get(sc, 'runAsUser'),
    literal(' privileged '),
    get(sc, 'privileged'),
  ]),
  privileged: compare('eq', get(sc, 'privileged'), literal(true)),
  root: compare('eq', get(sc, 'runAsUser'), literal(0)),
  highUser: compare('ge', get(sc, 'runAsUser'), literal(1000)),
  tag: call('imageTag', [image]),
  registry: stringTest('startsWith', image, literal('registry.')),
  port80: comprehension(
    'some',
    get(x, 'ports'),
    'p',
    compare('eq', get(ref('p'), 'containerPort'), literal(80)),
  ),
  ports: length(coalesce(get(x, 'ports'), list([]))),
  dropAll: comprehension(
    'some',
    coalesce(get(get(sc, 'capabilities'), 'drop'), list([])),
    'c',
    compare('eq', ref('c'), literal('ALL')),
  ),
  bound: let_('s', sc, truthy('boolean', get(ref('s'), 'allowPrivilegeEscalation'))),
};

function lowered(e: Expr, typed: boolean): string {
  const container = schemaTypeAtPath(data, containerType, ['containers']);
  const binding: CelBinding = {
    text: 'object.x',
    kind: 'dyn',
    ...(typed && container.kind === 'list' ? { schema: container.element } : {}),
  };
  return lowerExpr(
    e,
    { names: new Map([['x', binding]]), params: new Map(), ...(typed ? { types: data } : {}) },
    new NameSource(),
  ).text;
}

describe('typed CEL lowering', () => {
  it('gives the IR value on random schema-valid containers (nulls kept), ints and doubles', () => {
    const texts = Object.entries(CASES).map(([name, e]) => [name, e, lowered(e, true)] as const);
    fc.assert(
      fc.property(arbContainer(), (container) => {
        const value = normalizeManifest(container).value;
        for (const [name, e, text] of texts) {
          const want = evaluateExpr(e, { bindings: { x: value } });
          if (!want.ok) throw new Error(`${name}: ${want.error.message}`);
          for (const mode of ['kubernetes', 'double'] as const) {
            const got = fromCelValue(
              new CelContext({ object: { x: container } }, [], mode).evaluate(text),
            );
            expect(got, `${name} (${mode}): ${text}`).toEqual(want.value ?? null);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('drops the type guards the schema makes impossible, and only with the schema types', () => {
    expect(lowered(CASES.privileged!, true)).toBe(
      '(object.x.?securityContext.?privileged.orValue(null) == true)',
    );
    expect(lowered(CASES.privileged!, false)).toContain('type(object.x) == map');
    expect(lowered(CASES.root!, true)).toBe(
      '(object.x.?securityContext.?runAsUser.orValue(null) == 0.0)',
    );
    // A schema string printed natively, absent as JavaScript's "undefined".
    const message = lowered(CASES.message!, true);
    expect(message).toContain(
      'object.x.?image.orValue(null) != null ? object.x.?image.orValue(null) : "undefined"',
    );
    expect(message).not.toContain('type(object.x.?name');
    expect(lowered(CASES.message!, false)).toContain('type(object.x) == map');
  });
});
