import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  generateK8sStructure,
  renderK8sStructure,
  STRUCTURE_FILE,
} from '../../scripts/gen-k8s-structure.ts';
import { KIND_API_VERSIONS } from '../k8s/types.ts';
import { builtInKinds, builtInValidator, k8sStructure } from './k8s-structure.ts';

describe('generated Kubernetes structure map', () => {
  it('is up to date with kubernetes-models (regenerate: npx tsx packages/core/scripts/gen-k8s-structure.ts)', () => {
    const fresh = renderK8sStructure(generateK8sStructure());
    expect(readFileSync(STRUCTURE_FILE, 'utf8') === fresh).toBe(true);
  }, 120_000);

  it('covers every built-in kind of KindTypes and common others, each with a validator', () => {
    const kinds = new Set(builtInKinds());
    const expected = [
      ...Object.entries(KIND_API_VERSIONS).map(([kind, apiVersion]) => `${apiVersion}/${kind}`),
      'v1/ServiceAccount',
      'v1/PersistentVolume',
      'v1/PersistentVolumeClaim',
      'v1/LimitRange',
      'v1/ResourceQuota',
      'policy/v1/PodDisruptionBudget',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'networking.k8s.io/v1/Ingress',
      'networking.k8s.io/v1/NetworkPolicy',
      'rbac.authorization.k8s.io/v1/Role',
      'storage.k8s.io/v1/StorageClass',
      'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
      'apiextensions.k8s.io/v1/CustomResourceDefinition',
    ];
    for (const key of expected) {
      expect(kinds.has(key), key).toBe(true);
      const [kind, ...rest] = key.split('/').reverse();
      expect(typeof builtInValidator(rest.reverse().join('/'), kind ?? ''), key).toBe('function');
    }
  });

  it('records nested fields, arrays and maps', () => {
    const { types } = k8sStructure();
    expect(types['v1/SecurityContext']?.privileged).toBe('boolean');
    expect(types['v1/SecurityContext']?.runAsUser).toBe('number');
    expect(types['v1/SecurityContext']?.procMount).toBe('string'); // an enum
    expect(types['v1/ContainerPort']?.containerPort).toBe('number');
    expect(types['v1/ResourceRequirements']?.limits).toBe('{}*'); // Quantity: number or string
    expect(types['v1/HTTPGetAction']?.port).toBe('*'); // IntOrString
    expect(types['v1/PodSpec']?.containers).toBe('[]v1/Container');
    expect(types['@apimachinery/apis/meta/v1/ObjectMeta']?.annotations).toBe('{}string');
    expect(types['v1/Lifecycle']?.stopSignal).toBe('string'); // Kubernetes 1.33
  });
});
