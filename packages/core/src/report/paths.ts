/** Path display for reports: relative to the working directory, with `/` separators. */
import { isAbsolute, relative, sep } from 'node:path';

/** `file` relative to `cwd` when it lies inside it, else as given; always `/`-separated. */
export function displayPath(file: string, cwd: string): string {
  let p = file;
  if (isAbsolute(file)) {
    const rel = relative(cwd, file);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) p = rel;
  }
  return sep === '/' ? p : p.split(sep).join('/');
}

const LIST_ITEM = /^(\/items\/\d+)(\/.*)?$/;

/**
 * A finding's pointer split for display: for an item of a `kind: List` (pointer
 * `/items/N/...` on a resource that is not itself a list), the item's pointer and the
 * pointer inside the object; otherwise only the pointer. Reports keep the file-relative
 * pointer as the contract; this is only how people read it.
 */
export function displayPointer(
  pointer: string,
  kind: string,
): { readonly item?: string; readonly inObject: string } {
  const m = LIST_ITEM.exec(pointer);
  if (m === null || kind.endsWith('List')) return { inObject: pointer || '/' };
  return { item: m[1]!, inObject: m[2] ?? '/' };
}
