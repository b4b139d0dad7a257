/** Loader limits and their documented defaults (docs/loader.md). */
import type { LoaderLimits } from './types.ts';

/** The default limits: generous for real manifests, small enough to stop resource-exhaustion inputs. */
export const DEFAULT_LOADER_LIMITS: LoaderLimits = Object.freeze({
  maxFileBytes: 64 * 1024 * 1024,
  maxDocuments: 100_000,
  maxAliasCount: 100,
  maxDepth: 100,
});

/** Fills unset limits with their defaults. Never throws; invalid numbers fall back to the default. */
export function resolveLimits(limits?: Partial<LoaderLimits>): LoaderLimits {
  const pick = (key: keyof LoaderLimits): number => {
    const v = limits?.[key];
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_LOADER_LIMITS[key];
  };
  return Object.freeze({
    maxFileBytes: pick('maxFileBytes'),
    maxDocuments: pick('maxDocuments'),
    maxAliasCount: pick('maxAliasCount'),
    maxDepth: pick('maxDepth'),
  });
}
