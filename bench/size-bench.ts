/**
 * `pnpm bench:size`: the size of what a cluster admin reviews. Compiles the six rules of
 * issue 10's table for every target (Kyverno ClusterPolicy and ValidatingPolicy, Gatekeeper
 * template + constraint, ValidatingAdmissionPolicy + binding) with the settings of
 * examples/kpc.config.ts, and prints the lines of each deployable object next to the lines
 * of its hand-written peer and the ratio. Method and results: docs/benchmarks.md ("Policy
 * size"). `--json` prints the measurements as JSON instead of the table.
 */
import { compile, toCompileInputs } from '@kpc/compile';
import { gatekeeperBackend } from '@kpc/compile-gatekeeper';
import { kyvernoBackend } from '@kpc/compile-kyverno';
import { vapBackend } from '@kpc/compile-vap';
import { k8sStructure, resolveRules } from '@kpc/core';
import { catalog } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';

/** Lines of the hand-written peers, from issue 10's table (kyverno/policies, gatekeeper-library). */
interface Peers {
  /** kyverno/policies ClusterPolicy with validate.cel (pod-security-cel, best-practices-cel). */
  readonly clusterPolicy?: number;
  /** kyverno/policies pod-security-vpol ValidatingPolicy. */
  readonly validatingPolicy?: number;
  /** gatekeeper-library ConstraintTemplate. */
  readonly template?: number;
}

const PEERS: Readonly<Record<string, Peers>> = {
  'pss-privileged': { clusterPolicy: 36, validatingPolicy: 35, template: 130 },
  'pss-host-namespaces': { clusterPolicy: 39, validatingPolicy: 41, template: 73 },
  'pss-run-as-non-root': { clusterPolicy: 57, validatingPolicy: 42 },
  'pss-capabilities-restricted': { clusterPolicy: 41, template: 220 },
  'disallow-latest-tag': { clusterPolicy: 37, template: 90 },
  'allowed-registries': { template: 48 },
};

/** The object kinds measured, in table order, and which peer each is held against. */
const OBJECTS = [
  { target: 'kyverno', kind: 'ClusterPolicy', peer: 'clusterPolicy' },
  { target: 'kyverno', kind: 'ValidatingPolicy', peer: 'validatingPolicy' },
  { target: 'gatekeeper', kind: 'ConstraintTemplate', peer: 'template' },
  { target: 'gatekeeper', kind: 'Constraint', peer: undefined },
  { target: 'vap', kind: 'ValidatingAdmissionPolicy', peer: 'validatingPolicy' },
  { target: 'vap', kind: 'ValidatingAdmissionPolicyBinding', peer: undefined },
] as const;

// The settings of examples/kpc.config.ts that reach these six rules.
const { rules } = resolveRules(
  {
    rules: Object.keys(PEERS),
    settings: {
      'allowed-registries': { params: { allowedRegistries: ['registry.example.com', 'ghcr.io'] } },
    },
  },
  catalog,
);
const irs = new Map(
  rules.map((r) => {
    const { ir, diagnostics } = catalogRuleIR(r.rule.id);
    if (ir === undefined) throw new Error(diagnostics.map((d) => d.message).join('\n'));
    return [r.rule.id, ir] as const;
  }),
);
const { inputs } = toCompileInputs(rules, irs, {
  excludedNamespaces: ['kube-system'],
  // As kpc compile names a catalog rule's source in the header.
  sources: new Map(rules.map((r) => [r.rule.id, '@kpc/rules'])),
  // As kpc compile passes them: the static types the lowerings may assume.
  schemaTypes: k8sStructure(),
});
const result = compile(inputs, [
  kyvernoBackend({ kinds: ['ClusterPolicy', 'ValidatingPolicy'] }),
  gatekeeperBackend(),
  vapBackend(),
]);
if (!result.ok) {
  console.error(result.diagnostics.map((d) => d.message).join('\n'));
  process.exit(1);
}

/**
 * Splits a generated file into its documents and counts the lines of each: every line
 * between two `---` separators, comments included (the file's header counts with its first
 * document, as a reviewer reads it); the separator itself is not counted.
 */
function documentLines(content: string): { kind: string; lines: number }[] {
  const docs = content.replace(/\n$/, '').split(/^---$/m);
  return docs.map((d) => {
    const text = d.replace(/^\n/, '');
    const kind = /^kind: (\S+)$/m.exec(text)?.[1] ?? '?';
    return { kind, lines: text.split('\n').length };
  });
}

interface Row {
  readonly rule: string;
  readonly kind: string;
  readonly lines: number;
  readonly peer?: number;
  /** The peer is of another kind (the row has no peer of this one): the smallest of the row. */
  readonly peerOfOtherKind?: boolean;
  readonly ratio?: number;
}

const rows: Row[] = [];
for (const id of Object.keys(PEERS)) {
  const peers = PEERS[id]!;
  const found = new Map<string, number>();
  for (const f of result.files) {
    const parts = f.path.split('/');
    // Gatekeeper's deployable tree has two stages: gatekeeper/{templates,constraints}/<rule>/.
    if (parts[0] === 'gatekeeper' && (parts[1] === 'templates' || parts[1] === 'constraints'))
      parts.splice(1, 1);
    const [target, rule, ...rest] = parts;
    if (
      rule !== id ||
      rest.length !== 1 ||
      (target !== 'kyverno' && target !== 'gatekeeper' && target !== 'vap')
    )
      continue;
    for (const d of documentLines(f.content)) {
      const kind =
        target === 'gatekeeper' && d.kind !== 'ConstraintTemplate' ? 'Constraint' : d.kind;
      found.set(`${target}|${kind}`, d.lines);
    }
  }
  const smallest = Math.min(...Object.values(peers));
  for (const o of OBJECTS) {
    const lines = found.get(`${o.target}|${o.kind}`);
    if (lines === undefined) throw new Error(`${id}: no ${o.kind} was generated`);
    if (o.peer === undefined) {
      rows.push({ rule: id, kind: o.kind, lines });
      continue;
    }
    const own = peers[o.peer];
    const peer = own ?? smallest;
    rows.push({
      rule: id,
      kind: o.kind,
      lines,
      peer,
      ...(own === undefined ? { peerOfOtherKind: true } : {}),
      ratio: Math.round((lines / peer) * 100) / 100,
    });
  }
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kinds = OBJECTS.map((o) => o.kind);
  const short: Record<string, string> = {
    ClusterPolicy: 'ClusterPolicy',
    ValidatingPolicy: 'ValidatingPolicy',
    ConstraintTemplate: 'GK template',
    Constraint: 'GK constraint',
    ValidatingAdmissionPolicy: 'VAP',
    ValidatingAdmissionPolicyBinding: 'VAP binding',
  };
  console.log(`| rule | ${kinds.map((k) => short[k]).join(' | ')} |`);
  console.log(`|---|${kinds.map(() => '---:').join('|')}|`);
  for (const id of Object.keys(PEERS)) {
    const cells = kinds.map((k) => {
      const r = rows.find((x) => x.rule === id && x.kind === k)!;
      if (r.peer === undefined) return String(r.lines);
      return `${r.lines} / ${r.peer}${r.peerOfOtherKind ? '*' : ''} = ${r.ratio!.toFixed(2)}×`;
    });
    console.log(`| ${id} | ${cells.join(' | ')} |`);
  }
  const over = rows.filter((r) => r.ratio !== undefined && r.ratio > 1.5);
  console.log(
    `\nlines of the object / lines of the hand-written peer = ratio; * the row has no peer of that kind, so the smallest peer of the row. ${over.length} of ${rows.filter((r) => r.ratio !== undefined).length} objects above 1.5×.`,
  );
}
