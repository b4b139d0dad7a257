/**
 * Group/version/kinds of the custom kinds the config's `crds` declare, for the frontend:
 * a rule targeting a custom kind compiles to policies that match exactly the CRDs' group
 * and served versions. Problems loading the CRDs stop the build (fail closed).
 */
import { resolve } from 'node:path';
import { loadInputs } from '@kpc/core';
import type { Diagnostic, GroupVersionKind } from '@kpc/ir';
import type { Project } from '../project.ts';

export interface CustomKinds {
  readonly kinds: Record<string, GroupVersionKind[]>;
  /** The CRD's `spec.names.plural` per kind (the resource name admission matches on). */
  readonly plurals: Record<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

interface CrdSpec {
  group?: unknown;
  names?: { kind?: unknown; plural?: unknown };
  versions?: { name?: unknown; served?: unknown }[];
}

/** Reads the config's CRDs (relative to the config file); kinds by name, sorted versions. */
export async function customKindsOf(project: Project): Promise<CustomKinds> {
  const paths = project.config.crds ?? [];
  if (paths.length === 0) return { kinds: {}, plurals: {}, diagnostics: [] };
  const loaded = await loadInputs(paths.map((p) => resolve(project.baseDir, p)));
  const kinds: Record<string, GroupVersionKind[]> = {};
  const plurals: Record<string, string> = {};
  for (const doc of loaded.documents) {
    if (doc.kind !== 'CustomResourceDefinition' || doc.apiVersion !== 'apiextensions.k8s.io/v1')
      continue;
    const spec = (doc.object.spec ?? {}) as CrdSpec;
    const group = spec.group;
    const kind = spec.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions))
      continue;
    if (typeof spec.names?.plural === 'string') plurals[kind] = spec.names.plural;
    const list = kinds[kind] ?? [];
    kinds[kind] = list;
    for (const v of spec.versions)
      if (typeof v?.name === 'string' && v.served !== false)
        if (!list.some((g) => g.group === group && g.version === v.name))
          list.push({ group, version: v.name, kind });
  }
  for (const list of Object.values(kinds))
    list.sort((a, b) =>
      a.group === b.group ? (a.version < b.version ? -1 : 1) : a.group < b.group ? -1 : 1,
    );
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  return { kinds, plurals, diagnostics: errors };
}
