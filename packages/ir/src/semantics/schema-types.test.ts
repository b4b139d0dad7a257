import { k8sStructure, parseManifestText, validateDocument } from '@kpc/core';
import { arbManifest } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindTarget } from './bind.ts';
import { normalizeManifest } from './normalize.ts';
import { podSpecLocationsOf } from './pod-templates.ts';
import {
  childSchemaType,
  hasSchemaType,
  kindSchemaType,
  ruleRootSchemaTypes,
  type SchemaType,
  schemaTypeAtPath,
  UNKNOWN_TYPE,
} from './schema-types.ts';
import { podSpecLocationOf } from './targets.ts';

const data = k8sStructure();
const podSpec = { kind: 'podSpec' } as const;
const obj = (...types: string[]): SchemaType => ({ kind: 'object', types });
const META = '@apimachinery/apis/meta/v1/ObjectMeta';

describe('schema types', () => {
  it('types the pod-spec roots from every built-in pod kind', () => {
    const roots = ruleRootSchemaTypes(data, podSpec);
    expect(roots.spec).toEqual(obj('v1/PodSpec'));
    expect(roots.metadata).toEqual(obj(META));
    expect(roots.object.kind === 'object' && roots.object.types).toContain('apps/v1/Deployment');
  });

  it('steps to fields, list elements and map values', () => {
    const spec = ruleRootSchemaTypes(data, podSpec).spec!;
    const containers = childSchemaType(data, spec, { key: 'containers' });
    expect(containers).toEqual({ kind: 'list', element: obj('v1/Container') });
    const container = childSchemaType(data, containers, 'element');
    expect(schemaTypeAtPath(data, container, ['securityContext', 'privileged'])).toEqual({
      kind: 'boolean',
    });
    expect(schemaTypeAtPath(data, container, ['image'])).toEqual({ kind: 'string' });
    expect(schemaTypeAtPath(data, container, ['ports'])).toEqual({
      kind: 'list',
      element: obj('v1/ContainerPort'),
    });
    const labels = schemaTypeAtPath(data, obj(META), ['labels']);
    expect(childSchemaType(data, labels, { key: 'app' })).toEqual({ kind: 'string' });
    expect(childSchemaType(data, labels, 'value')).toEqual({ kind: 'string' });
  });

  it('is unknown where the schema does not type exactly, and without data', () => {
    const container = obj('v1/Container');
    // Quantity takes a number or a string; IntOrString too.
    expect(schemaTypeAtPath(data, container, ['resources', 'limits', 'cpu'])).toEqual(UNKNOWN_TYPE);
    expect(schemaTypeAtPath(data, container, ['livenessProbe', 'httpGet', 'port'])).toEqual(
      UNKNOWN_TYPE,
    );
    expect(childSchemaType(data, container, { key: 'privilaged' })).toEqual(UNKNOWN_TYPE);
    expect(childSchemaType(data, { kind: 'list', element: container }, { key: 'name' })).toEqual(
      UNKNOWN_TYPE,
    );
    expect(childSchemaType(undefined, container, { key: 'name' })).toEqual(UNKNOWN_TYPE);
    expect(ruleRootSchemaTypes(undefined, podSpec)).toEqual({
      object: UNKNOWN_TYPE,
      spec: UNKNOWN_TYPE,
      metadata: UNKNOWN_TYPE,
    });
  });

  it('types a pod-spec rule as unknown once a custom kind without a schema is in the table', () => {
    const locations = podSpecLocationsOf(['Rollout.argoproj.io']);
    expect(ruleRootSchemaTypes(data, podSpec, locations)).toEqual({
      object: UNKNOWN_TYPE,
      spec: UNKNOWN_TYPE,
      metadata: UNKNOWN_TYPE,
    });
  });

  it('knows of several kinds what all of them say', () => {
    const roots = ruleRootSchemaTypes(data, {
      kind: 'resources',
      resources: [
        { group: '', version: 'v1', kind: 'Service' },
        { group: 'apps', version: 'v1', kind: 'Deployment' },
      ],
    });
    expect(roots.metadata).toEqual(obj(META));
    expect(roots.spec).toBeUndefined();
    const spec = childSchemaType(data, roots.object, { key: 'spec' });
    expect(spec).toEqual(obj('apps/v1/DeploymentSpec', 'v1/ServiceSpec'));
    // Service's selector is a map of strings, Deployment's a LabelSelector: nothing is known.
    expect(childSchemaType(data, spec, { key: 'selector' })).toEqual(UNKNOWN_TYPE);
    // Only Service has `ports`: a Deployment's would be an unknown field.
    expect(childSchemaType(data, spec, { key: 'ports' })).toEqual(UNKNOWN_TYPE);
    // Every version kubernetes-models has (old beta versions too).
    expect(kindSchemaType(data, { group: 'apps', version: '*', kind: 'Deployment' })).toEqual(
      obj('apps/v1/Deployment', 'apps/v1beta1/Deployment', 'apps/v1beta2/Deployment'),
    );
    expect(kindSchemaType(data, { group: 'example.com', version: 'v1', kind: 'Widget' })).toEqual(
      UNKNOWN_TYPE,
    );
  });

  it('checks values against a type: absent and null always fit', () => {
    const sc = obj('v1/SecurityContext');
    expect(hasSchemaType(data, { privileged: true, runAsUser: 0 }, sc)).toBe(true);
    expect(hasSchemaType(data, { privileged: null }, sc)).toBe(true);
    expect(hasSchemaType(data, null, sc)).toBe(true);
    expect(hasSchemaType(data, { privileged: 'yes' }, sc)).toBe(false);
    expect(hasSchemaType(data, { capabilities: { drop: ['ALL', 1] } }, sc)).toBe(false);
    expect(hasSchemaType(data, [], sc)).toBe(false);
  });

  // Soundness: what a backend assumes of a typed path holds on every schema-valid object.
  // Every value a typed step reaches, from the roots as bound for the rule, has the static
  // type or is absent (hasSchemaType walks every field with childSchemaType).
  it('is sound on random schema-valid manifests', () => {
    let checked = 0;
    fc.assert(
      fc.property(arbManifest(), (manifest) => {
        const loaded = parseManifestText(JSON.stringify(manifest), 'm.json');
        const doc = loaded.documents[0];
        if (doc === undefined) return;
        const schemaValid = validateDocument(doc).every((d) => d.severity === 'info');
        expect(schemaValid, JSON.stringify(manifest)).toBe(true);
        const { value } = normalizeManifest(manifest);
        const object = value as Record<string, unknown>;
        const kind = { group: '', version: '', kind: String(object.kind) };
        const pod = podSpecLocationOf(object.apiVersion, object.kind) !== undefined;
        const [group, version] = String(object.apiVersion).includes('/')
          ? String(object.apiVersion).split('/')
          : ['', String(object.apiVersion)];
        const target = pod
          ? podSpec
          : ({
              kind: 'resources',
              resources: [{ ...kind, group: group!, version: version! }],
            } as const);
        const types = ruleRootSchemaTypes(data, target);
        const { ctx } = bindTarget(target, object, {});
        for (const root of ['object', 'metadata', 'spec'] as const) {
          const t = types[root];
          if (t === undefined) continue;
          expect(t.kind, root).toBe('object');
          expect(hasSchemaType(data, ctx[root], t), `${root}: ${JSON.stringify(ctx[root])}`).toBe(
            true,
          );
          checked++;
        }
        // Also the raw manifest, nulls kept: a null is absent to every static type.
        expect(hasSchemaType(data, manifest, types.object)).toBe(true);
      }),
      { numRuns: Number(process.env.KPC_DEEP ? 2000 : 150) },
    );
    expect(checked).toBeGreaterThan(150);
  });
});
