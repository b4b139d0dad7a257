/**
 * `kpc lint` for config `imageVerification` (docs/image-verification.md): what can be
 * checked offline, with the selection every backend compiles (`selectImages`: kpc's
 * `imageMatches` over containers, init containers and ephemeral containers of every pod
 * spec kind). An image a declaration with `requireDigest` selects and that is not pinned by
 * digest is a finding; every selected image also gets an info diagnostic
 * (IMGSIG_CLUSTER_ONLY) saying that its signature is verified only in the cluster, so a
 * clean lint run never reads as "signed".
 */
import {
  type Diagnostic,
  diagnostic,
  type ImageVerification,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  selectImages,
} from '@kpc/ir';
import type { LoadedDocument } from '../loader/types.ts';
import type { Finding } from './lint.ts';

/** The rule id findings and policies of declaration `v` carry. */
export function imageVerificationRuleId(v: Pick<ImageVerification, 'name'>): string {
  return `verify-images-${v.name}`;
}

export interface ImageVerificationLintOptions {
  readonly excludedNamespaces?: readonly string[];
  readonly podSpecLocations?: readonly PodSpecLocation[];
}

/** Findings (unpinned images) and IMGSIG_CLUSTER_ONLY infos, by document then container. */
export function lintImageVerifications(
  documents: readonly LoadedDocument[],
  declarations: readonly ImageVerification[],
  options: ImageVerificationLintOptions = {},
): { findings: Finding[]; diagnostics: Diagnostic[] } {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  if (declarations.length === 0) return { findings, diagnostics };
  const excluded = new Set(options.excludedNamespaces ?? []);
  const locations = options.podSpecLocations ?? POD_SPEC_LOCATIONS;
  for (const doc of documents) {
    if (doc.namespace !== undefined && excluded.has(doc.namespace)) continue;
    const resource = {
      apiVersion: doc.apiVersion,
      kind: doc.kind,
      ...(doc.namespace !== undefined ? { namespace: doc.namespace } : {}),
      ...(doc.name !== undefined ? { name: doc.name } : {}),
    };
    for (const v of declarations) {
      const ruleId = imageVerificationRuleId(v);
      for (const s of selectImages(v, doc.object, locations)) {
        const pointer = `${s.pointer}/image`;
        if (v.requireDigest === true && !s.pinned)
          findings.push({
            ruleId,
            severity: 'high',
            message: `image "${s.image}" must be pinned by digest (image verification ${v.name})`,
            hint: 'Write the image as name@sha256:<digest> (crane digest or docker buildx imagetools inspect prints it).',
            resource,
            pointer: doc.basePointer + pointer,
            location: doc.locate(pointer),
            action: v.action ?? 'enforce',
          });
        diagnostics.push(
          diagnostic({
            code: 'IMGSIG_CLUSTER_ONLY',
            severity: 'info',
            ruleId,
            message: `the signature of image "${s.image}" is not verified by kpc lint: image verification ${v.name} is checked by Kyverno or Ratify at admission`,
            pointer: doc.basePointer + pointer,
            location: doc.locate(pointer),
          }),
        );
      }
    }
  }
  return { findings, diagnostics };
}
