// Preloaded (node --import) into every process startup.mjs and cli-bench.ts measure, the baseline
// `node -e 0` included: at exit, writes the process's peak resident memory (KiB) and its CPU
// time (µs, user + system) as JSON to the file named by KPC_RSS_OUT.
import { writeFileSync } from 'node:fs';

const out = process.env.KPC_RSS_OUT;
if (out)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRSS: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime }));
  });
