#!/usr/bin/env node
// The published CLI is plain JavaScript (packages/cli/dist, built by `pnpm build`). TypeScript
// is loaded only when a kpc.config.ts or TypeScript rule file must be read.
import '../dist/main.js';
