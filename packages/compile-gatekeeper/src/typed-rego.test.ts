/**
 * What the schema types change in the Rego (docs/backends/gatekeeper.md, "Static types from
 * the schema"): message parts that are always strings are printed as they are, without the
 * String() emulation, and only with the schema; and the one input where that printing would
 * differ from the native message (a wrong-typed field) is a schema finding in lint.
 */
import { k8sStructure, parseManifestText, validateDocument } from '@kpc/core';
import { IR_VERSION, ir, type RuleIR } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import { buildRegoModule } from './rego-module.ts';

const el = ir.ref('element');

/** `container "${c.name ?? ''}" uses "${c.image}" (${c.securityContext?.runAsUser ?? 0})`. */
const rule: RuleIR = {
  irVersion: IR_VERSION,
  id: 'test-typed-message',
  target: { kind: 'podSpec' },
  params: {},
  each: ir.call('allContainers', [ir.ref('spec')]),
  check: ir.compare('ne', ir.get(ir.get(el, 'securityContext'), 'privileged'), ir.literal(true)),
  message: ir.concat([
    ir.literal('container "'),
    ir.coalesce(ir.get(el, 'name'), ir.literal('')),
    ir.literal('" uses "'),
    ir.get(el, 'image'),
    ir.literal('" ('),
    ir.coalesce(ir.get(ir.get(el, 'securityContext'), 'runAsUser'), ir.literal(0)),
    ir.literal(')'),
  ]),
};

/** The message term, in the one-line form (a total term) or the form with a fallback. */
const messageOf = (rego: string) =>
  /^kpc_message\(el\) := (.*)$/m.exec(rego)?.[1] ?? /^ {2}m := (.*)$/m.exec(rego)?.[1];

describe('Rego messages with schema types', () => {
  it('prints a schema string as it is, a maybe-absent one as undefined, a number through kpc_scalar_str', () => {
    const typed = buildRegoModule(rule, 'p', undefined, { schema: k8sStructure() });
    expect(messageOf(typed)).toBe(
      'sprintf("container \\"%s\\" uses \\"%s\\" (%s)", [kpc_coalesce(kpc_get(el, "name"), ""), kpc_coalesce(kpc_get(el, "image"), "undefined"), kpc_scalar_str(kpc_coalesce(kpc_get(el, ["securityContext", "runAsUser"]), 0))])',
    );
    // A number part needs String() of scalars only: no list printing in the template.
    expect(typed).toContain('kpc_scalar_str(x) := x if {');
    expect(typed).not.toContain('kpc_list_str');
    // Without the schema nothing is known: every part goes through kpc_str.
    const untyped = buildRegoModule(rule, 'p');
    expect(messageOf(untyped)).toBe(
      'sprintf("container \\"%s\\" uses \\"%s\\" (%s)", [kpc_str(kpc_coalesce(kpc_get(el, "name"), "")), kpc_str(kpc_get(el, "image")), kpc_str(kpc_coalesce(kpc_get(el, ["securityContext", "runAsUser"]), 0))])',
    );
  });

  it('a rule whose message parts are all strings carries no String() emulation at all', () => {
    const strings: RuleIR = {
      ...rule,
      message: ir.concat([
        ir.literal('container '),
        ir.coalesce(ir.get(el, 'name'), ir.literal('')),
      ]),
    };
    expect(buildRegoModule(strings, 'p', undefined, { schema: k8sStructure() })).not.toContain(
      'kpc_str',
    );
    expect(buildRegoModule(strings, 'p')).toContain('kpc_str(x) := "[object Object]" if {');
  });

  it('a container name of the wrong type, where the typed message would differ, is a schema finding', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - {name: 5, image: app, securityContext: {privileged: true}}
`;
    const { documents } = parseManifestText(text, 'pod.yaml');
    expect(documents).toHaveLength(1);
    const found = validateDocument(documents[0]!);
    expect(found.map((d) => [d.severity, d.pointer])).toContainEqual([
      'error',
      '/spec/containers/0/name',
    ]);
  });

  it('a container that is not a map, where the typed details.path would differ, is a schema finding', () => {
    // With the schema types a container's details.path is its own path (the native engine
    // gives the target's, /spec, for an element that is not a map or list).
    const typed = buildRegoModule(rule, 'p', undefined, { schema: k8sStructure() });
    expect(typed).toContain('"path": concat("/", array.concat([""], t[1]))');
    expect(typed).not.toContain('kpc_path_pointer');
    expect(buildRegoModule(rule, 'p')).toContain('"path": kpc_pointer(t)');
    // A spec path token that a JSON Pointer escapes keeps the escaping helper (a custom kind
    // whose schema, here made up, puts a PodSpec under such a key).
    const structure = k8sStructure();
    const schema = {
      kinds: { ...structure.kinds, 'ops.example.io/v1/Runner': { type: 'test/Runner' } },
      types: {
        ...structure.types,
        'test/Runner': { spec: 'test/RunnerSpec' },
        'test/RunnerSpec': { 'pod/template~': 'v1/PodSpec' },
      },
    };
    const escaped = buildRegoModule(
      rule,
      'p',
      [
        {
          gvk: { group: 'ops.example.io', version: 'v1', kind: 'Runner' },
          specPath: ['spec', 'pod/template~'],
          metadataPath: ['metadata'],
        },
      ],
      { schema },
    );
    expect(escaped).toContain('"path": kpc_path_pointer(t[1])');
    for (const container of ['nginx', 'null', '[]']) {
      const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [${container}]\n`;
      const { documents } = parseManifestText(text, 'pod.yaml');
      const found = validateDocument(documents[0]!);
      expect([container, found.some((d) => d.severity === 'error')]).toEqual([container, true]);
    }
  });
});
