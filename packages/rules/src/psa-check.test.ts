/**
 * The PSS rules and profiles against the real upstream policy code: `psa-check`, a binary
 * built outside the repository from k8s.io/pod-security-admission's `policy` package (one JSON
 * line per pod in, the upstream evaluator's verdict and each check's verdict out). On random
 * workloads of every pod controller, at v1.26, v1.29 and the default version, each profile's
 * verdict must equal upstream's at that level and version, and each rule's verdict the verdict
 * of the upstream check it states (a rule whose check upstream does not run there passes).
 *
 * Skips with a printed reason when psa-check is not on PATH (as in CI). `KPC_PSA_CHECK` names
 * another binary. When the binary was built from an upstream release older than kpc's newest
 * version (its --version names its newest versioned checks), only the versions it knows are
 * compared, and the test says which were left out.
 */
import { spawnSync } from 'node:child_process';
import { PSS_NEWEST_MINOR } from '@kpc/core';
import { arbWorkload, defaultNumRuns, runProcess } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profiles } from './index.ts';
import {
  arr,
  focusedWorkload,
  type J,
  passes,
  podOf,
  upstreamCheckOf,
  upstreamChecks,
} from './pss-reference-model.ts';

const BIN = process.env.KPC_PSA_CHECK ?? 'psa-check';
const probe = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
/** The newest policy version (minor) the binary knows, from `--version` ("… newest versioned checks: v1.37"). */
const PSA_NEWEST = (() => {
  if (probe.error !== undefined || probe.status !== 0) return undefined;
  const m = /newest versioned checks: v1\.(\d+)/.exec(probe.stdout);
  return m ? Number(m[1]) : undefined;
})();
const SKIP =
  probe.error !== undefined || probe.status !== 0
    ? `${BIN} is not on PATH: the comparison with upstream Pod Security Admission is skipped (build it from k8s.io/pod-security-admission's policy package; see the header of this file)`
    : PSA_NEWEST === undefined
      ? `${BIN} --version does not name its newest versioned checks ("${probe.stdout.trim()}"): comparison skipped`
      : undefined;
if (SKIP !== undefined) console.log(`[skip] ${SKIP}`);

interface PsaResult {
  readonly allowed: boolean;
  readonly checks: Readonly<Record<string, boolean>> | null;
  readonly version: string;
  readonly error?: string;
}

type Level = 'baseline' | 'restricted';

/**
 * One psa-check run over many pods: one JSON line in and one out per pod, in order. Spawned
 * asynchronously: a blocking spawnSync would starve vitest's worker RPC.
 */
async function psaCheck(
  pods: readonly { level: Level; version: string; spec: J; meta: J }[],
): Promise<PsaResult[]> {
  const input = pods
    .map((p) =>
      JSON.stringify({ level: p.level, version: p.version, metadata: p.meta, spec: p.spec }),
    )
    .join('\n');
  const r = await runProcess(BIN, [], { input: `${input}\n` });
  expect([r.status, r.stderr]).toEqual([0, '']);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines.length).toBe(pods.length);
  return lines.map((l) => JSON.parse(l) as PsaResult);
}

/** The versions compared: the v1.26 and v1.29, and the default (when psa-check knows it). */
function versions(): { minor: number; label: string; wire: string }[] {
  const out = [
    { minor: 26, label: 'v1.26', wire: 'v1.26' },
    { minor: 29, label: 'v1.29', wire: 'v1.29' },
  ].filter((v) => v.minor <= PSA_NEWEST!);
  if (PSA_NEWEST! >= PSS_NEWEST_MINOR)
    out.push({ minor: PSS_NEWEST_MINOR, label: 'the default version', wire: 'latest' });
  else {
    console.log(
      `[partial] ${BIN} knows policy versions up to v1.${PSA_NEWEST}, kpc up to v1.${PSS_NEWEST_MINOR}: the default version (latest = v1.${PSS_NEWEST_MINOR}) is not compared; v1.${PSA_NEWEST} is compared instead`,
    );
    out.push({ minor: PSA_NEWEST!, label: `v1.${PSA_NEWEST}`, wire: `v1.${PSA_NEWEST}` });
  }
  return out;
}

const hasContainer = (w: J) => arr(podOf(w).spec.containers).length > 0;

describe.skipIf(SKIP !== undefined)('PSS rules agree with upstream psa-check', () => {
  const RUNS = defaultNumRuns(400);

  it.each(SKIP === undefined ? versions() : [])(
    'profiles and rules at $label, on random workloads of every pod controller',
    async ({ minor, wire }) => {
      const workloads = [
        ...fc.sample(focusedWorkload, { numRuns: RUNS, seed: 1000 + minor }),
        ...fc.sample(arbWorkload().filter(hasContainer), { numRuns: RUNS / 4, seed: 2000 + minor }),
      ];
      const kinds = new Set(workloads.map((w) => w.kind));
      expect(kinds.size).toBe(9);
      const levels: Level[] = ['baseline', 'restricted'];
      const requests = workloads.flatMap((w) => {
        const { spec, meta } = podOf(w);
        return levels.map((level) => ({ level, version: wire, spec, meta, w }));
      });
      const results = await psaCheck(requests);
      let compared = 0;
      const verdicts = { allowed: 0, forbidden: 0 };
      requests.forEach((req, i) => {
        const got = results[i]!;
        // A workload the Go types cannot decode (arbWorkload's schema-breaking values) says so.
        if (got.error !== undefined) return;
        compared++;
        expect(got.version).toBe(`v1.${minor}`);
        const profile = profiles[req.level === 'baseline' ? 'pss-baseline' : 'pss-restricted'];
        // Default version: the rules run with their defaults, as `kpc lint` without pss.version.
        const run = (r: (typeof profile)[number]) =>
          passes(r, req.w, wire === 'latest' ? undefined : minor);
        const where = `${req.w.kind} at ${req.level} ${wire}: ${JSON.stringify(req.w)}`;
        expect(profile.every(run), where).toBe(got.allowed);
        verdicts[got.allowed ? 'allowed' : 'forbidden']++;
        // Which checks upstream runs at this level and version: the model's table.
        expect(Object.keys(got.checks ?? {}).sort(), where).toEqual(
          Object.keys(upstreamChecks(req.level, minor, req.spec, req.meta)).sort(),
        );
        for (const rule of profile) {
          const id = upstreamCheckOf(rule.id, req.level, minor);
          const want = id === undefined ? true : got.checks?.[id];
          expect([rule.id, run(rule)], where).toEqual([rule.id, want]);
        }
      });
      console.log(
        `[psa-check] ${wire}: ${compared} of ${requests.length} evaluations compared (${verdicts.allowed} allowed, ${verdicts.forbidden} forbidden)`,
      );
      // Not vacuous: most workloads were compared, with both verdicts.
      expect(compared).toBeGreaterThan(requests.length * 0.9);
      expect(verdicts.allowed).toBeGreaterThan(0);
      expect(verdicts.forbidden).toBeGreaterThan(0);
    },
    600_000,
  );
});
