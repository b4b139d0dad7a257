import { describe, expect, it } from 'vitest';
import { ruleTargetOf, targetApplies } from './targets.ts';

const rbac = (kind: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind });

describe('ruleTargetOf', () => {
  it('maps PodSpec, one kind, and a list of kinds (in order)', () => {
    expect(ruleTargetOf('PodSpec')).toEqual({ kind: 'podSpec' });
    expect(ruleTargetOf('Role')).toEqual({ kind: 'resources', resources: [rbac('Role')] });
    expect(ruleTargetOf(['ClusterRole', 'Role'])).toEqual({
      kind: 'resources',
      resources: [rbac('ClusterRole'), rbac('Role')],
    });
  });

  it('gives an unknown kind (a CRD) wildcard group and version, never a prototype key', () => {
    expect(ruleTargetOf(['Widget', 'toString'])).toEqual({
      kind: 'resources',
      resources: [
        { group: '*', version: '*', kind: 'Widget' },
        { group: '*', version: '*', kind: 'toString' },
      ],
    });
  });
});

describe('targetApplies with several kinds', () => {
  const target = ruleTargetOf(['Role', 'ClusterRole']);
  const obj = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: {} });

  it('matches every listed kind at its group/version', () => {
    expect(targetApplies(target, obj('rbac.authorization.k8s.io/v1', 'Role'))).toBe(true);
    expect(targetApplies(target, obj('rbac.authorization.k8s.io/v1', 'ClusterRole'))).toBe(true);
  });

  it('ignores other kinds and other versions of the listed kinds', () => {
    expect(targetApplies(target, obj('rbac.authorization.k8s.io/v1', 'RoleBinding'))).toBe(false);
    expect(targetApplies(target, obj('rbac.authorization.k8s.io/v1beta1', 'Role'))).toBe(false);
    expect(targetApplies(target, obj('v1', 'Pod'))).toBe(false);
    expect(targetApplies(target, null)).toBe(false);
  });
});
