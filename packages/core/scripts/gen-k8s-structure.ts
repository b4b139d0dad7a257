/**
 * Generates packages/core/src/schema/k8s-structure.generated.json: for every Kubernetes kind
 * in kubernetes-models, its validator module and, for every type reachable from it, the
 * property names and the type of each property. Schema validation walks manifests with it
 * to find unknown fields (the kubernetes-models validators accept them silently).
 *
 * Run from the repository root: `npx tsx packages/core/scripts/gen-k8s-structure.ts`.
 * A test regenerates the map in memory and fails when the committed file is stale.
 *
 * Type references in the output: a type id (`v1/PodSpec`), `[]<ref>` (array), `{}<ref>`
 * (map with string keys), a JSON scalar type (`string`, `boolean`, `number`: integers and
 * floats alike) or `*` (not typed exactly: IntOrString and Quantity, which take a number or
 * a string, RawExtension, JSON, FieldsV1, unions of objects). Type ids always contain a `/`,
 * so they never collide with the scalar names.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The shape of the generated file. */
export interface K8sStructure {
  readonly $comment: string;
  readonly kubernetesModels: string;
  /** `apiVersion/kind` → the kind's type id and its validator module in `kubernetes-models/_schemas/`. */
  readonly kinds: Record<string, { readonly type: string; readonly validator: string }>;
  /** Type id → property name → type reference. */
  readonly types: Record<string, Record<string, string>>;
}

const require = createRequire(import.meta.url);
const modelsRoot = dirname(require.resolve('kubernetes-models'));
const apimachineryRoot = dirname(
  createRequire(join(modelsRoot, 'package.json')).resolve(
    '@kubernetes-models/apimachinery/package.json',
  ),
);

export const STRUCTURE_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'src',
  'schema',
  'k8s-structure.generated.json',
);

/** Version directories of kubernetes-models that hold kinds, e.g. `v1`, `apps/v1`. */
function versionDirs(): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(modelsRoot, { withFileTypes: true }).sort(byName)) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
    if (/^v\d/.test(entry.name)) out.push(entry.name);
    else
      for (const v of readdirSync(join(modelsRoot, entry.name), { withFileTypes: true }).sort(
        byName,
      ))
        if (v.isDirectory()) out.push(`${entry.name}/${v.name}`);
  }
  return out;
}

/**
 * The JSON scalar type of a TypeScript scalar type: integers and floats are both `number`
 * (JSON has one number type); undefined for anything else.
 */
function scalarOf(type: ts.Type): 'string' | 'boolean' | 'number' | undefined {
  if (type.flags & ts.TypeFlags.StringLike) return 'string';
  if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
  if (type.flags & ts.TypeFlags.NumberLike) return 'number';
  return undefined;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Builds the structure map in memory (deterministic). Takes a few seconds: it type-checks the .d.ts files. */
export function generateK8sStructure(): K8sStructure {
  const kindFiles: Array<{ file: string; validator: string }> = [];
  for (const dir of versionDirs()) {
    for (const name of readdirSync(join(modelsRoot, dir)).sort()) {
      if (!name.endsWith('.js') || name === 'index.js') continue;
      const js = readFileSync(join(modelsRoot, dir, name), 'utf8');
      const m = /require\("\.\.\/(?:\.\.\/)?_schemas\/(\w+)\.js"\)/.exec(js);
      if (!m?.[1] || !/\.kind="/.test(js)) continue;
      kindFiles.push({
        file: join(modelsRoot, dir, name.replace(/\.js$/, '.d.ts')),
        validator: m[1],
      });
    }
  }
  const program = ts.createProgram(
    kindFiles.map((k) => k.file),
    { noEmit: true, skipLibCheck: true, types: [], strict: true },
  );
  const checker = program.getTypeChecker();
  const types: Record<string, Record<string, string>> = {};
  const kinds: Record<string, { type: string; validator: string }> = {};

  const idOf = (decl: ts.Declaration): string => {
    const base = fileIdOf(decl);
    // An anonymous object type written inline (kubernetes-models declares the items of
    // StatefulSetSpec.volumeClaimTemplates as `Array<{ … }>`) is not the file's own type:
    // name it after the property path that holds it, e.g.
    // `apps/v1/StatefulSetSpec#volumeClaimTemplates[]`.
    if (!ts.isTypeLiteralNode(decl)) return base;
    let path = '';
    for (let n: ts.Node = decl; n.parent; n = n.parent) {
      if (
        ts.isArrayTypeNode(n.parent) ||
        (ts.isTypeReferenceNode(n.parent) && n.parent.typeName.getText() === 'Array')
      )
        path = `[]${path}`;
      if (ts.isPropertySignature(n.parent))
        path = `.${n.parent.name.getText().replace(/^"|"$/g, '')}${path}`;
      if (ts.isInterfaceDeclaration(n.parent) || ts.isTypeAliasDeclaration(n.parent)) break;
    }
    return `${base}#${path.replace(/^\./, '')}`;
  };

  const fileIdOf = (decl: ts.Declaration): string => {
    const file = decl.getSourceFile().fileName;
    const fromApimachinery = !relative(apimachineryRoot, file).startsWith('..');
    const rel = relative(fromApimachinery ? apimachineryRoot : modelsRoot, file)
      .split(sep)
      .join('/')
      .replace(/\.d\.ts$/, '');
    return fromApimachinery ? `@apimachinery/${rel}` : rel;
  };

  const refOf = (type: ts.Type): string => {
    if (type.isUnion()) {
      const members = type.types.filter(
        (t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)),
      );
      if (members.length === 1 && members[0]) return refOf(members[0]);
      // A union of one scalar type's members (`boolean` is `true | false`, an enum is a union
      // of string literals) is that scalar; IntOrString, Quantity (`number | string`) and
      // unions of objects are not typed exactly.
      const scalars = new Set(members.map(scalarOf));
      const [only] = scalars;
      return scalars.size === 1 && only !== undefined ? only : '*';
    }
    const scalar = scalarOf(type);
    if (scalar !== undefined) return scalar;
    if (checker.isArrayType(type)) {
      const [elem] = checker.getTypeArguments(type as ts.TypeReference);
      return elem ? `[]${refOf(elem)}` : '*';
    }
    if (!(type.flags & ts.TypeFlags.Object)) return '*';
    const props = checker.getPropertiesOfType(type);
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (props.length === 0) return index ? `{}${refOf(index.type)}` : '*';
    const decl = type.getSymbol()?.declarations?.[0];
    if (!decl) return '*';
    const id = idOf(decl);
    if (types[id]) return id;
    const fields: Record<string, string> = {};
    types[id] = fields;
    for (const p of props) {
      const pDecl = p.valueDeclaration ?? p.declarations?.[0];
      if (!pDecl) continue;
      fields[p.getName()] = refOf(checker.getTypeOfSymbolAtLocation(p, pDecl));
    }
    return id;
  };

  for (const k of kindFiles) {
    const sf = program.getSourceFile(k.file);
    if (!sf) continue;
    for (const stmt of sf.statements) {
      if (!ts.isInterfaceDeclaration(stmt)) continue;
      const type = checker.getTypeAtLocation(stmt);
      const literal = (name: string): string | undefined => {
        const p = type.getProperty(name);
        const t = p && checker.getTypeOfSymbolAtLocation(p, stmt);
        return t?.isStringLiteral() ? t.value : undefined;
      };
      const apiVersion = literal('apiVersion');
      const kind = literal('kind');
      if (!apiVersion || !kind) continue;
      kinds[`${apiVersion}/${kind}`] = { type: refOf(type), validator: k.validator };
      break;
    }
  }
  const version = (
    JSON.parse(readFileSync(join(modelsRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return {
    $comment:
      'GENERATED by packages/core/scripts/gen-k8s-structure.ts from kubernetes-models; do not edit. Regenerate: npx tsx packages/core/scripts/gen-k8s-structure.ts',
    kubernetesModels: version,
    kinds: sortKeys(kinds),
    types: sortKeys(Object.fromEntries(Object.entries(types).map(([k, v]) => [k, sortKeys(v)]))),
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The file text exactly as committed. */
export function renderK8sStructure(s: K8sStructure): string {
  return `${JSON.stringify(s, null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = generateK8sStructure();
  writeFileSync(STRUCTURE_FILE, renderK8sStructure(s));
  console.log(
    `wrote ${relative(process.cwd(), STRUCTURE_FILE)}: ${Object.keys(s.kinds).length} kinds, ${Object.keys(s.types).length} types`,
  );
}
