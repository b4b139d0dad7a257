import { podSpecLocationsOf } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import { validateDocument } from './validate-document.ts';

const locations = podSpecLocationsOf([
  'Rollout.argoproj.io',
  'Service.serving.knative.dev',
  { group: 'example.com', kind: 'Widget', specPath: 'spec.pod' },
]);

const check = (yaml: string, withTable = true) => {
  const r = parseManifestText(yaml, 'm.yaml');
  expect(r.diagnostics).toEqual([]);
  return r.documents.flatMap((d) =>
    validateDocument(d, withTable ? { podSpecLocations: locations } : {}).map((x) => [
      x.code,
      x.pointer,
      x.location?.line,
    ]),
  );
};

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  strategy: {canary: {}}
  template:
    metadata:
      labelz: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
          securityContext:
            privilaged: true
`;

describe('schema check of custom pod template kinds without their CRD', () => {
  it("checks a Rollout's pod template as a PodTemplateSpec, at the Rollout's own pointers", () => {
    expect(check(ROLLOUT)).toEqual([
      ['SCHEMA_UNCHECKED_KIND', '/kind', 2],
      ['SCHEMA_UNKNOWN_FIELD', '/spec/template/metadata/labelz', 9],
      ['SCHEMA_UNKNOWN_FIELD', '/spec/template/spec/containers/0/securityContext/privilaged', 15],
    ]);
    // Fields outside the pod template (strategy) are the CRD's: not checked without it.
    const r = parseManifestText(ROLLOUT, 'm.yaml');
    const [note] = validateDocument(r.documents[0]!, { podSpecLocations: locations });
    expect(note!.message).toContain('only its pod template (spec.template)');
  });

  it('without the declaration, the Rollout is not checked at all (as before)', () => {
    expect(check(ROLLOUT, false)).toEqual([['SCHEMA_UNCHECKED_KIND', '/kind', 2]]);
  });

  it('checks a specPath declaration as a PodSpec: required fields and types', () => {
    expect(
      check(`apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  pod:
    hostNetwork: "yes please"
    containers:
      - image: busybox
`),
    ).toEqual([
      ['SCHEMA_UNCHECKED_KIND', '/kind', 2],
      ['SCHEMA_TYPE', '/spec/pod/hostNetwork', 7],
      ['SCHEMA_REQUIRED', '/spec/pod/containers/0/name', 9],
    ]);
  });

  it("does not check Knative's RevisionSpec as a PodSpec (it adds fields, names are optional)", () => {
    expect(
      check(`apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containerConcurrency: 10
      containers:
        - image: ghcr.io/knative/helloworld-go
`),
    ).toEqual([['SCHEMA_UNCHECKED_KIND', '/kind', 2]]);
  });
});
