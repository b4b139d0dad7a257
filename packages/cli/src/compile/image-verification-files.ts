/**
 * The files of config `imageVerification` (docs/image-verification.md) in each backend's
 * output: Kyverno ImageValidatingPolicies (with a `kyverno test` suite of what runs offline),
 * Gatekeeper ConstraintTemplates, Constraints and the Ratify objects they need, and for
 * the ValidatingAdmissionPolicy target a located refusal per declaration (fail closed).
 * Added to each backend's own output, so that its kustomization lists them.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Backend, OutputFile } from '@kpc/compile';
import { generatedHeader } from '@kpc/compile';
import { toYamlDocuments } from '@kpc/compile/internal';
import {
  constraintPath,
  ratifyObjects,
  ratifyProblems,
  templatePath,
} from '@kpc/compile-gatekeeper';
import { imageValidatingPolicy, imageVerificationPolicyName } from '@kpc/compile-kyverno';
import { vapImageVerificationRefusals } from '@kpc/compile-vap';
import { imageVerificationLocation } from '@kpc/core/internal';
import {
  type Diagnostic,
  type ImageVerification,
  imageMatches,
  type SourceLocation,
} from '@kpc/ir';
import type { Project } from '../project.ts';

/** An image no sensible pattern selects: the offline case of the generated Kyverno suite. */
const UNSELECTED_IMAGE = 'registry.invalid/kpc/unselected:1.0';

function locator(project: Project): (index: number) => SourceLocation | undefined {
  const file = project.configFile;
  if (file === undefined) return () => undefined;
  let source = '';
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    // Located at line 1 of the file: the config was read a moment ago.
  }
  const shown = relative(process.cwd(), file) || file;
  return (i) => imageVerificationLocation(project.config.imageVerification, i, shown, source);
}

function kyvernoFiles(project: Project, v: ImageVerification): OutputFile[] {
  const name = imageVerificationPolicyName(v);
  const regenerate = 'kpc compile --target kyverno --out <dir>';
  const policy = imageValidatingPolicy(v, {
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    locations: project.podSpecLocations,
  });
  const files: OutputFile[] = [
    {
      path: `${name}/imagevalidatingpolicy.yaml`,
      content: toYamlDocuments(generatedHeader(name, regenerate), [policy]),
    },
  ];
  // Offline, `kyverno test` can only admit a pod none of whose images is selected: a
  // selected image makes Kyverno fetch its manifest and signatures from the registry.
  if (imageMatches(UNSELECTED_IMAGE, v.images)) return files;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'unselected-image', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: UNSELECTED_IMAGE }] },
  };
  files.push(
    {
      path: `${name}/resources.yaml`,
      tree: 'test',
      content: toYamlDocuments(generatedHeader(name, regenerate), [pod]),
    },
    {
      path: `${name}/kyverno-test.yaml`,
      tree: 'test',
      content: toYamlDocuments(generatedHeader(name, regenerate), [
        {
          apiVersion: 'cli.kyverno.io/v1alpha1',
          kind: 'Test',
          metadata: { name },
          policies: [`../../../kyverno/${name}/imagevalidatingpolicy.yaml`],
          resources: ['resources.yaml'],
          results: [
            {
              policy: name,
              isImageValidatingPolicy: true,
              resources: ['unselected-image'],
              kind: 'Pod',
              result: 'pass',
            },
          ],
        },
      ]),
    },
  );
  return files;
}

function gatekeeperFiles(project: Project, v: ImageVerification): OutputFile[] {
  const name = imageVerificationPolicyName(v);
  const header = generatedHeader(name, 'kpc compile --target gatekeeper --out <dir>');
  const objects = ratifyObjects(v, {
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    locations: project.podSpecLocations,
  });
  const pick = (p: (o: Record<string, unknown>) => boolean) => objects.filter(p);
  const isTemplate = (o: Record<string, unknown>) => o.kind === 'ConstraintTemplate';
  const isConstraint = (o: Record<string, unknown>) =>
    o.apiVersion === 'constraints.gatekeeper.sh/v1beta1';
  return [
    { path: templatePath(name), content: toYamlDocuments(header, pick(isTemplate)) },
    { path: constraintPath(name), content: toYamlDocuments(header, pick(isConstraint)) },
    {
      path: `templates/${name}/ratify.yaml`,
      content: toYamlDocuments(
        `${header}# The external data Provider and Ratify's Store, KeyManagementProviders and Verifier.\n# Needs Ratify installed (its CRDs); set the Provider's caBundle to Ratify's TLS CA.\n`,
        pick((o) => !isTemplate(o) && !isConstraint(o)),
      ),
    },
  ];
}

/** `backend` with the project's image verifications added to its output. */
export function withImageVerifications(backend: Backend, project: Project): Backend {
  const declared = project.config.imageVerification ?? [];
  if (declared.length === 0) return backend;
  return {
    name: backend.name,
    ...(backend.stages !== undefined ? { stages: backend.stages } : {}),
    compile(inputs) {
      const out = backend.compile(inputs);
      const locate = locator(project);
      let files: OutputFile[] = [];
      let diagnostics: Diagnostic[] = [];
      // Declarations for this backend, with their index in the config (for locations).
      const mine = declared
        .map((v, index) => ({ v, index }))
        .filter(
          ({ v }) =>
            v.targets === undefined || (v.targets as readonly string[]).includes(backend.name),
        );
      const vs = mine.map((m) => m.v);
      if (backend.name === 'kyverno') files = vs.flatMap((v) => kyvernoFiles(project, v));
      else if (backend.name === 'gatekeeper') {
        diagnostics = ratifyProblems(vs, (i) => locate(mine[i]!.index));
        if (diagnostics.length === 0) files = vs.flatMap((v) => gatekeeperFiles(project, v));
      } else if (backend.name === 'vap')
        diagnostics = vapImageVerificationRefusals(declared, locate);
      return {
        files: [...out.files, ...files],
        diagnostics: [...out.diagnostics, ...diagnostics],
      };
    },
  };
}
