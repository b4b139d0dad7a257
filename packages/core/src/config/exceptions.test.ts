import { describe, expect, it } from 'vitest';
import type { KpcConfig } from './define-config.ts';
import { globMatch, parseExpiryDate } from './exception-spec.ts';
import { parseExceptionFile, resolveExceptions } from './load-exceptions.ts';

const known = new Set(['pss-privileged', 'disallow-latest-tag']);
const ctx = () => ({ knownRuleIds: known, seen: new Map() });

describe('glob semantics (names, namespaces, images)', () => {
  it.each([
    ['node-agent', 'node-agent', true],
    ['node-agent', 'node-agent-2', false],
    ['node-*', 'node-agent', true],
    ['node-*', 'node-', true],
    ['node-*', 'nodes', false],
    ['*-agent', 'node-agent', true],
    ['n?de', 'node', true],
    ['n?de', 'nde', false],
    ['*', '', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['registry.example.com/*', 'registry.example.com/a/b:1', true],
    ['registry.example.com/*', 'registry-example.com/a', false],
    ['[abc]', '[abc]', true],
    ['[abc]', 'a', false],
    ['a.b', 'aXb', false],
  ])('%s ~ %s = %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });
});

describe('expiry dates', () => {
  it('accepts calendar dates only', () => {
    expect(parseExpiryDate('2027-03-31')).toBe(Date.UTC(2027, 2, 31));
    expect(parseExpiryDate('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
    for (const bad of ['2027-02-30', '2027-02-29', '2027-13-01', '2027-3-31', '31.03.2027', ''])
      expect(parseExpiryDate(bad), bad).toBeUndefined();
  });
});

const VALID = `exceptions:
  - id: sidecar-latest
    rules: [disallow-latest-tag]
    namespaces: ["shop-*"]
    images: ["registry.example.com/mesh/*"]
    reason: pinned by the mesh operator
    owner: team-platform
    expires: 2026-12-31
  - id: forever
    rules: [pss-privileged]
    resources: [{kind: DaemonSet, name: "node-*"}]
    reason: the node agent is privileged by design
    owner: team-observability
    expires: never
`;

describe('exception files', () => {
  it('reads valid exceptions; an unquoted date stays the date written', () => {
    const r = parseExceptionFile('/x/exc.yaml', VALID, ctx());
    expect(r.diagnostics).toEqual([]);
    expect(r.exceptions.map((e) => [e.id, e.expires, e.expiresAt])).toEqual([
      ['sidecar-latest', '2026-12-31', Date.UTC(2026, 11, 31)],
      ['forever', 'never', undefined],
    ]);
    expect(r.exceptions[0]!.location).toEqual({ file: '/x/exc.yaml', line: 2, column: 5 });
  });

  it('reports each problem located, with a hint, and keeps the valid entries', () => {
    const text = `exceptions:
  - id: ok-one
    rules: [pss-privileged]
    namespaces: [monitoring]
    reason: fine
    owner: me
    expires: "2027-01-01"
  - id: bad-date
    rules: [pss-privileged]
    namespaces: [monitoring]
    reason: fine
    owner: me
    expires: 2027-02-30
  - id: bad-rule
    rules: [pss-privileged, pss-privilegd]
    namespaces: [monitoring]
    reason: fine
    owner: me
    expires: "2027-01-01"
  - id: no-reason
    rules: [pss-privileged]
    namespaces: [monitoring]
    owner: me
    expires: "2027-01-01"
  - id: ok-one
    rules: [pss-privileged]
    namespaces: [monitoring]
    reason: fine
    owner: me
    expires: "2027-01-01"
  - id: no-selector
    rules: [pss-privileged]
    reason: fine
    owner: me
    expires: "2027-01-01"
  - id: typo-key
    rules: [pss-privileged]
    namespace: [monitoring]
    reason: fine
    owner: me
    expires: never
`;
    const r = parseExceptionFile('/x/exc.yaml', text, ctx());
    expect(r.exceptions.map((e) => e.id)).toEqual(['ok-one']);
    const got = r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column]);
    expect(got).toEqual([
      ['EXC_INVALID_DATE', 13, 5],
      ['EXC_UNKNOWN_RULE', 15, 29],
      ['EXC_INVALID', 20, 5],
      ['EXC_DUPLICATE_ID', 25, 5],
      ['EXC_INVALID', 31, 5],
      ['EXC_INVALID', 38, 5],
      ['EXC_INVALID', 36, 5],
    ]);
    expect(r.diagnostics.every((d) => d.severity === 'error' && d.hint !== undefined)).toBe(true);
    expect(r.diagnostics[1]!.hint).toContain('"pss-privileged"');
    expect(r.diagnostics[2]!.message).toContain('missing reason');
    expect(r.diagnostics[3]!.message).toContain('/x/exc.yaml:2:5');
    expect(r.diagnostics[5]!.hint).toContain('Did you mean "namespaces"');
  });

  it('a file that is not YAML, or not a map of exceptions, is one located error', () => {
    const broken = parseExceptionFile('/x/e.yaml', 'exceptions:\n  - id: [unclosed\n', ctx());
    expect(broken.diagnostics.map((d) => d.code)).toEqual(['EXC_FILE_FAILED']);
    expect(broken.diagnostics[0]!.location?.line).toBeGreaterThanOrEqual(2);
    const list = parseExceptionFile('/x/e.yaml', '- id: a\n', ctx());
    expect(list.diagnostics.map((d) => d.code)).toEqual(['EXC_FILE_FAILED']);
    const extra = parseExceptionFile('/x/e.yaml', 'exceptions: []\nrules: []\n', ctx());
    expect(extra.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['EXC_INVALID', 2]]);
  });
});

describe('exceptions in kpc.config.ts', () => {
  const source = `export default defineConfig({
  rules: ['pss-privileged'],
  exceptions: [
    {
      id: 'legacy-agent',
      rules: ['pss-privileged'],
      resources: [{ kind: 'DaemonSet', namespace: 'monitoring', name: 'node-agent' }],
      reason: 'vendor agent',
      owner: 'team-observability',
      expires: '2027-03-31',
    },
    {
      id: 'broken',
      rules: ['pss-privileged'],
      resources: [{ kind: 'DaemonSet' }],
      reason: '',
      owner: 'team-observability',
      expires: '2027-02-30',
    },
  ],
  exceptionFiles: ['more.yaml', 'missing.yaml'],
});`;
  const config = {
    rules: ['pss-privileged'],
    exceptions: [
      {
        id: 'legacy-agent',
        rules: ['pss-privileged'],
        resources: [{ kind: 'DaemonSet', namespace: 'monitoring', name: 'node-agent' }],
        reason: 'vendor agent',
        owner: 'team-observability',
        expires: '2027-03-31',
      },
      {
        id: 'broken',
        rules: ['pss-privileged'],
        resources: [{ kind: 'DaemonSet' }],
        reason: '',
        owner: 'team-observability',
        expires: '2027-02-30',
      },
    ],
    exceptionFiles: ['more.yaml', 'missing.yaml'],
  } as KpcConfig;
  const files: Record<string, string> = {
    '/p/more.yaml': `exceptions:
  - id: legacy-agent
    rules: [pss-privileged]
    namespaces: [x]
    reason: r
    owner: o
    expires: never
`,
  };
  const readFile = (p: string) => {
    const text = files[p];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' as const });
    return text;
  };

  it('locates problems in the config text, across files, and keeps the valid exceptions', () => {
    const r = resolveExceptions(config, known, {
      file: '/p/kpc.config.ts',
      source,
      baseDir: '/p',
      readFile,
    });
    expect(r.exceptions.map((e) => e.id)).toEqual(['legacy-agent']);
    expect(r.exceptions[0]!.location).toMatchObject({ line: 5, column: 7 });
    expect(
      r.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line, d.location?.column]),
    ).toEqual([
      ['EXC_INVALID', '/p/kpc.config.ts', 16, 7],
      ['EXC_INVALID_DATE', '/p/kpc.config.ts', 18, 7],
      ['EXC_DUPLICATE_ID', '/p/more.yaml', 2, 5],
      ['EXC_FILE_FAILED', '/p/kpc.config.ts', 21, 33],
    ]);
    expect(r.diagnostics[2]!.message).toContain('/p/kpc.config.ts:5:7');
  });
});
