/**
 * The lowering with static types from the schema (docs/ir.md, "Static types from the
 * schema"): on schema-valid values, explicit nulls included, typed CEL gives the IR's value,
 * with both number typings; and the guards the schema makes impossible are gone.
 */
import {
  type Expr,
  evaluateExpr,
  ir,
  kindSchemaType,
  normalizeManifest,
  schemaTypeAtPath,
} from '@kpc/ir';
import { arbContainer, CelContext, fromCelValue, schemaTypeData } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CelBinding, lowerExpr, NameSource } from './lower.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 5_000 : 150;
const data = schemaTypeData();
const pod = kindSchemaType(data, { group: '', version: 'v1', kind: 'Pod' });
const containerType = schemaTypeAtPath(data, pod, ['spec']);

const x = ir.ref('x');
const sc = ir.get(x, 'securityContext');
const image = ir.coalesce(ir.get(x, 'image'), ir.literal(''));

/** Expressions over one container `x`, reading typed fields the way rules do. */
const CASES: Readonly<Record<string, Expr>> = {
  message: ir.concat([
    ir.literal('container "'),
    ir.coalesce(ir.get(x, 'name'), ir.literal('')),
    ir.literal('" image '),
    ir.get(x, 'image'),
    ir.literal(' user '),
    ir.get(sc, 'runAsUser'),
    ir.literal(' privileged '),
    ir.get(sc, 'privileged'),
  ]),
  privileged: ir.compare('eq', ir.get(sc, 'privileged'), ir.literal(true)),
  root: ir.compare('eq', ir.get(sc, 'runAsUser'), ir.literal(0)),
  highUser: ir.compare('ge', ir.get(sc, 'runAsUser'), ir.literal(1000)),
  tag: ir.call('imageTag', [image]),
  registry: ir.stringTest('startsWith', image, ir.literal('registry.')),
  port80: ir.comprehension(
    'some',
    ir.get(x, 'ports'),
    'p',
    ir.compare('eq', ir.get(ir.ref('p'), 'containerPort'), ir.literal(80)),
  ),
  ports: ir.length(ir.coalesce(ir.get(x, 'ports'), ir.list([]))),
  dropAll: ir.comprehension(
    'some',
    ir.coalesce(ir.get(ir.get(sc, 'capabilities'), 'drop'), ir.list([])),
    'c',
    ir.compare('eq', ir.ref('c'), ir.literal('ALL')),
  ),
  bound: ir.let_('s', sc, ir.truthy('boolean', ir.get(ir.ref('s'), 'allowPrivilegeEscalation'))),
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
      'object.x.?image.orValue(null) != null ? object.x.image : "undefined"',
    );
    expect(message).not.toContain('type(object.x.?name');
    expect(lowered(CASES.message!, false)).toContain('type(object.x) == map');
  });
});
