import { describe, expect, it } from 'vitest';
import { labelSelectorMatches } from './label-selector.ts';

describe('labelSelectorMatches (metav1.LabelSelector)', () => {
  const labels = { app: 'web', tier: 'front' };
  it('an absent selector selects nothing, {} selects everything', () => {
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches(null, labels)).toBe(false);
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches({}, undefined)).toBe(true);
  });
  it('matchLabels: every entry equal', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: 'web', x: 'y' } }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, undefined)).toBe(false);
  });
  it('matchExpressions: In, NotIn (absent key matches), Exists, DoesNotExist, all required', () => {
    const m = (operator: string, values?: string[], key = 'app') =>
      labelSelectorMatches(
        { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] },
        labels,
      );
    expect(m('In', ['web', 'api'])).toBe(true);
    expect(m('In', ['api'])).toBe(false);
    expect(m('In', [])).toBe(false);
    expect(m('NotIn', ['api'])).toBe(true);
    expect(m('NotIn', ['web'])).toBe(false);
    expect(m('NotIn', ['web'], 'missing')).toBe(true);
    expect(m('Exists')).toBe(true);
    expect(m('Exists', undefined, 'missing')).toBe(false);
    expect(m('DoesNotExist', undefined, 'missing')).toBe(true);
    expect(m('DoesNotExist')).toBe(false);
    expect(m('Gt', ['1'])).toBe(false);
    expect(
      labelSelectorMatches(
        {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }],
        },
        labels,
      ),
    ).toBe(false);
  });
  it('a malformed selector selects nothing', () => {
    expect(labelSelectorMatches({ matchLabels: 'app=web' }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: {} }, labels)).toBe(false);
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'app', operator: 'In', values: 'web' }] },
        labels,
      ),
    ).toBe(false);
  });
});
