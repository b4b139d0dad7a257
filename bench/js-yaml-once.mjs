// One js-yaml 4 loadAll of every .yaml file under a directory, in a fresh process: the parse
// floor `kpc lint` is compared with (values only, no positions, no validation).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

const dir = process.argv[2];
let documents = 0;
for (const f of readdirSync(dir).sort())
  if (f.endsWith('.yaml')) documents += loadAll(readFileSync(join(dir, f), 'utf8')).length;
console.log(JSON.stringify({ documents }));
