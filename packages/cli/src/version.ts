/** kpc's version, from the CLI package's package.json. */
import { readFileSync } from 'node:fs';

export const KPC_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
