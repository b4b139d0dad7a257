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
