// Preloaded (node --import) into every process the startup benchmark measures, the baseline
// `node -e 0` included: at exit, writes the process's peak resident memory (KiB) to the file
// named by KPC_RSS_OUT.
import { writeFileSync } from 'node:fs';

const out = process.env.KPC_RSS_OUT;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
