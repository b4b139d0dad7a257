/**
 * What a referential rule needs Gatekeeper to replicate into OPA's `data.inventory`: the
 * template's `metadata.gatekeeper.sh/requires-sync-data` annotation (read by Gatekeeper
 * 3.15+ and by `gator sync verify`) and the one `config.gatekeeper.sh/v1alpha1` Config of the
 * cluster, whose `spec.sync.syncOnly` lists every kind any rule reads. See
 * docs/backends/gatekeeper.md, "Rules over several objects".
 */
import { parseApiVersion, type ReferencedKind } from '@kpc/ir';

/** The annotation Gatekeeper reads a template's sync requirements from. */
export const SYNC_ANNOTATION = 'metadata.gatekeeper.sh/requires-sync-data';

/** Gatekeeper's singleton Config: this name in Gatekeeper's namespace. */
export const CONFIG_NAME = 'config';
export const CONFIG_NAMESPACE = 'gatekeeper-system';

/** The deployable file that holds the Config (no rule directory can have this path). */
export const CONFIG_FILE = 'templates/config.yaml';

interface SyncEntry {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

function entryOf(k: ReferencedKind): SyncEntry {
  const { group, version } = parseApiVersion(k.apiVersion);
  return { group, version, kind: k.kind };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Unique entries, sorted by group, version, kind (code-unit order): deterministic output. */
function syncEntries(kinds: readonly ReferencedKind[]): SyncEntry[] {
  const seen = new Map<string, SyncEntry>();
  for (const k of kinds) {
    const e = entryOf(k);
    seen.set(`${e.group}\u0000${e.version}\u0000${e.kind}`, e);
  }
  return [...seen.entries()].sort(([a], [b]) => byText(a, b)).map(([, e]) => e);
}

/**
 * The annotation's value: a JSON list of requirements that must all hold, each a list of
 * equivalent `{groups, versions, kinds}` clauses. Each referenced kind is its own
 * requirement with one clause: the rule reads exactly that apiVersion and kind.
 */
export function syncAnnotationValue(kinds: readonly ReferencedKind[]): string {
  return JSON.stringify(
    syncEntries(kinds).map((e) => [{ groups: [e.group], versions: [e.version], kinds: [e.kind] }]),
  );
}

/**
 * The Config that syncs every kind in `kinds` (all referential rules merged); `ruleIds`, the
 * rules that read them, are listed in an annotation so that a cluster object leads back to them.
 */
export function configObject(
  kinds: readonly ReferencedKind[],
  ruleIds: readonly string[],
): Record<string, unknown> {
  return {
    apiVersion: 'config.gatekeeper.sh/v1alpha1',
    kind: 'Config',
    metadata: {
      name: CONFIG_NAME,
      namespace: CONFIG_NAMESPACE,
      annotations: {
        'kpc.dev/rules': [...new Set(ruleIds)].sort(byText).join(', '),
      },
    },
    spec: {
      sync: {
        syncOnly: syncEntries(kinds).map((e) => ({
          group: e.group,
          version: e.version,
          kind: e.kind,
        })),
      },
    },
  };
}
