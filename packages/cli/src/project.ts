/**
 * The project a command works on: the config (found or given), the catalog and the
 * resolved rules. Shared by lint, compile, explain, test and demo.
 */
import { dirname, resolve } from 'node:path';
import {
  type Diagnostic,
  findConfigFile,
  type KpcConfig,
  loadConfig,
  PSS_NEWEST_MINOR,
  PSS_OLDEST_MINOR,
  type ResolvedException,
  type ResolvedRule,
  type RuleCatalog,
  resolveExceptions,
  resolveRules,
} from '@kpc/core';
import { formatPssVersion } from '@kpc/core/internal';
import { type PodSpecLocation, podSpecLocationsOf } from '@kpc/ir';
import { loadCatalog } from './catalog.ts';
import { DiagnosticsError } from './errors.ts';
import { type CliIO, useColor } from './io.ts';

/** What `latest` means for `--pss-version`, and the versions it takes, for the commands' help. */
export const PSS_LATEST = formatPssVersion(PSS_NEWEST_MINOR);
export const PSS_RANGE = `${formatPssVersion(PSS_OLDEST_MINOR)}..${PSS_LATEST}`;

export interface Project {
  /** Absolute path of the config file, when there is one. */
  readonly configFile?: string;
  /** Directory relative config paths are resolved against (the config's, else cwd). */
  readonly baseDir: string;
  readonly config: KpcConfig;
  readonly catalog: RuleCatalog;
  readonly rules: readonly ResolvedRule[];
  /** The config's valid exceptions (config and exception files). */
  readonly exceptions: readonly ResolvedException[];
  /**
   * Problems with exceptions (EXC_*). Not thrown: the valid exceptions still apply and the
   * inputs are still linted; commands report these and exit 2 on an error.
   */
  readonly exceptionDiagnostics: readonly Diagnostic[];
  /**
   * Where pod specs live: the built-in kinds and the config's `podTemplates`, for lint and
   * every backend alike (POD_SPEC_LOCATIONS itself when the config declares none).
   */
  readonly podSpecLocations: readonly PodSpecLocation[];
}

export interface ProjectOptions {
  /** --config FILE; without it kpc.config.ts is looked up from cwd upwards. */
  readonly config?: string;
  /** --no-config: ignore config files. */
  readonly noConfig?: boolean;
  readonly profile?: string;
  readonly rules?: readonly string[];
  /** --pss-version: the Pod Security Standards version of the PSS rules (over `pss.version`). */
  readonly pssVersion?: string;
}

/** Loads the config and resolves the rules. Throws DiagnosticsError on any config error. */
export async function loadProject(io: CliIO, options: ProjectOptions): Promise<Project> {
  const catalog = loadCatalog();
  const file = options.noConfig
    ? undefined
    : options.config !== undefined
      ? resolve(io.cwd, options.config)
      : findConfigFile(io.cwd);
  let config: KpcConfig = {};
  let where: { file: string; source: string } | undefined;
  if (file !== undefined) {
    const loaded = await loadConfig(file, io.cwd);
    if (!loaded.config)
      throw new DiagnosticsError('the config file is invalid', loaded.diagnostics);
    config = loaded.config;
    where = { file: loaded.file, source: loaded.source };
  }
  const overrides = {
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.rules !== undefined ? { rules: options.rules } : {}),
    ...(options.pssVersion !== undefined ? { pssVersion: options.pssVersion } : {}),
  };
  const resolution = resolveRules(config, catalog, overrides, where);
  if (resolution.diagnostics.some((d) => d.severity === 'error'))
    throw new DiagnosticsError('the rule selection is invalid', resolution.diagnostics);
  // Warnings (a PSS version newer than kpc knows) do not stop the command; say them once.
  if (resolution.diagnostics.length > 0) {
    const { formatDiagnostics } = await import('@kpc/core/internal');
    io.stderr.write(formatDiagnostics(resolution.diagnostics, io.cwd, useColor(io, 'stderr')));
  }
  const baseDir = file !== undefined ? dirname(file) : io.cwd;
  const knownRuleIds = new Set(catalog.rules.map((r) => r.id));
  for (const r of config.rules ?? []) if (typeof r !== 'string') knownRuleIds.add(r.id);
  const exceptions = resolveExceptions(config, knownRuleIds, { ...where, baseDir });
  return {
    ...(file !== undefined ? { configFile: file } : {}),
    baseDir,
    config,
    catalog,
    rules: resolution.rules,
    exceptions: exceptions.exceptions,
    exceptionDiagnostics: exceptions.diagnostics,
    podSpecLocations: podSpecLocationsOf(config.podTemplates),
  };
}
