/**
 * Lets a project outside the kpc repository import `@kpc/core` without installing it: when
 * a config or rule file imports `@kpc/core` (or a subpath) and the project cannot resolve
 * it, the import resolves to the `@kpc/core` that runs kpc. A copy the project does
 * resolve (its own `node_modules`) is always used first.
 */
import { createRequire, Module, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const SPECIFIER = /^@kpc\/core(?:\/|$)/;
let installed = false;

/** The file `specifier` (`@kpc/core…`) resolves to from this package (self-reference). */
function resolveOwn(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}

/** ESM hooks (run in Node's loader thread): retry a failed `@kpc/core` resolution from kpc. */
const ESM_HOOKS = `
const SPECIFIER = ${SPECIFIER.toString()};
let own;
export function initialize(data) { own = data.own; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!SPECIFIER.test(specifier)) throw error;
    return next(specifier, { ...context, parentURL: own });
  }
}
`;

/**
 * Installs the fallback once per process: a CommonJS `_resolveFilename` wrapper (tsx loads
 * a config in a directory without `"type": "module"` as CommonJS) and an ESM resolve hook.
 */
export function installCoreFallback(): void {
  if (installed) return;
  installed = true;
  type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
  const mod = Module as unknown as { _resolveFilename: Resolve };
  const original = mod._resolveFilename;
  mod._resolveFilename = function (request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (error) {
      if (!SPECIFIER.test(request)) throw error;
      return resolveOwn(request);
    }
  };
  register(`data:text/javascript,${encodeURIComponent(ESM_HOOKS)}`, {
    data: { own: pathToFileURL(resolveOwn('@kpc/core')).href },
  });
}
