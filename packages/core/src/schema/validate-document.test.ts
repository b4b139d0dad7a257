import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import { validateDocument } from './validate-document.ts';

const check = (yaml: string) => {
  const r = parseManifestText(yaml, 'm.yaml');
  expect(r.diagnostics).toEqual([]);
  return r.documents.flatMap((d) =>
    validateDocument(d).map((x) => [x.code, x.pointer, x.location?.line, x.location?.column]),
  );
};

const POD = (securityContext: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: nginx
    securityContext:
${securityContext}
${extra}`;

describe('validateDocument', () => {
  it('checks StatefulSet volumeClaimTemplates as PersistentVolumeClaims (regression)', () => {
    // The structure map once typed the items as StatefulSetSpec, so `metadata` and `spec` of
    // every claim template were reported as unknown fields.
    const sts = (claimSpec: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: registry.example.com/db:1.0
  volumeClaimTemplates:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
    spec:
${claimSpec}
`;
    expect(
      check(
        sts(
          '      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi',
        ),
      ),
    ).toEqual([]);
    // Unknown fields inside a claim template are still found, with the PVC spec's names.
    expect(check(sts('      accessMode: [ReadWriteOnce]'))).toEqual([
      ['SCHEMA_UNKNOWN_FIELD', '/spec/volumeClaimTemplates/0/spec/accessMode', 22, 7],
    ]);
  });

  it('accepts a valid Pod', () => {
    expect(check(POD('      privileged: false\n      runAsNonRoot: true'))).toEqual([]);
  });

  it('reports a misspelled field with a spelling hint', () => {
    const r = parseManifestText(POD('      privilaged: true\n      runAsNonroot: true'), 'm.yaml');
    const [doc] = r.documents;
    if (!doc) throw new Error('no doc');
    const d = validateDocument(doc);
    expect(
      d.map((x) => [x.code, x.severity, x.pointer, x.location?.line, x.location?.column, x.hint]),
    ).toEqual([
      [
        'SCHEMA_UNKNOWN_FIELD',
        'error',
        '/spec/containers/0/securityContext/privilaged',
        10,
        19,
        'Did you mean `privileged`?',
      ],
      [
        'SCHEMA_UNKNOWN_FIELD',
        'error',
        '/spec/containers/0/securityContext/runAsNonroot',
        11,
        21,
        'Did you mean `runAsNonRoot`?',
      ],
    ]);
  });

  it('reports wrong types, enums and missing required fields with pointers', () => {
    expect(
      check(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: three
  template:
    spec:
      containers:
      - name: c
        ports:
        - containerPort: 80
          protocol: tcp
`),
    ).toEqual([
      ['SCHEMA_REQUIRED', '/spec/selector', 5, 1],
      ['SCHEMA_TYPE', '/spec/replicas', 6, 13],
      ['SCHEMA_ENUM', '/spec/template/spec/containers/0/ports/0/protocol', 13, 21],
    ]);
  });

  it('merges the branches of int-or-string into one type error', () => {
    const d = check(
      POD('      privileged: false', '    resources:\n      limits:\n        cpu: [1]'),
    );
    expect(d).toEqual([['SCHEMA_TYPE', '/spec/containers/0/resources/limits/cpu', 13, 9]]);
  });

  it('treats explicit nulls as unset, like the API server', () => {
    expect(check(POD('      privileged: null\n      runAsUser: ~'))).toEqual([]);
    expect(check(POD('      privileged: false', '  volumes: null\n  nodeSelector:'))).toEqual([]);
  });

  it('still finds the other problems of a document with explicit nulls (checked on a copy without them)', () => {
    // Nulls in a map, in a map inside a list, and a list item that is null (kept: items keep
    // their indices); the type error, the unknown field and the null item are still reported.
    const d = check(
      POD(
        '      privileged: null\n      runAsUser: "x"',
        '    ports:\n    - containerPort: 80\n      name: null\n      hostIP: ~\n      protcol: TCP\n  volumes:\n  - null',
      ),
    );
    expect(d).toEqual([
      ['SCHEMA_TYPE', '/spec/containers/0/securityContext/runAsUser', 11, 18],
      ['SCHEMA_UNKNOWN_FIELD', '/spec/containers/0/ports/0/protcol', 16, 16],
      ['SCHEMA_TYPE', '/spec/volumes/0', 18, 5],
    ]);
  });

  it('reads YAML 1.1 booleans as Kubernetes does: `yes` is a boolean, an unquoted label `yes` is a type error', () => {
    expect(check(POD('      privileged: yes'))).toEqual([]);
    expect(
      check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    enabled: yes\n'),
    ).toEqual([['SCHEMA_TYPE', '/metadata/labels/enabled', 6, 14]]);
  });

  it('does not look inside free-form places (annotations, RawExtension, JSON)', () => {
    expect(
      check(`apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: b
  annotations:
    anything.example.com/x: "y"
spec:
  policyName: p
  validationActions: [Deny]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        default: {whatever: {nested: true}}
        x-kubernetes-preserve-unknown-fields: true
`),
    ).toEqual([]);
  });

  it('finds unknown fields inside list items of a List', () => {
    const r = parseManifestText(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n  spec:\n    prots: []\n',
      'l.yaml',
    );
    const [doc] = r.documents;
    if (!doc) throw new Error('no doc');
    expect(validateDocument(doc).map((x) => [x.code, x.pointer, x.location?.line, x.hint])).toEqual(
      [['SCHEMA_UNKNOWN_FIELD', '/spec/prots', 8, 'Did you mean `ports`?']],
    );
  });

  it('reports kinds without a schema once, as info', () => {
    expect(
      check('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: 1}\n'),
    ).toEqual([['SCHEMA_UNCHECKED_KIND', '/kind', 2, 7]]);
    const r = parseManifestText('apiVersion: example.com/v1\nkind: Widget\n', 'w.yaml');
    expect(validateDocument(r.documents[0] as never)[0]?.severity).toBe('info');
  });

  it('checks every document of a multi-kind file', () => {
    expect(
      check(`apiVersion: v1
kind: ServiceAccount
metadata: {name: sa}
automountServiceAccountToken: "no"
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb}
spec: {minAvailable: 1, maxUnavailabel: 1}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec: {podSelector: {}, policyTypes: [Ingress]}
`),
    ).toEqual([
      ['SCHEMA_TYPE', '/automountServiceAccountToken', 4, 31],
      ['SCHEMA_UNKNOWN_FIELD', '/spec/maxUnavailabel', 9, 41],
    ]);
  });
});
