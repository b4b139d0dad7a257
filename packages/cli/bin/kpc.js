#!/usr/bin/env node
// The published CLI is plain JavaScript: packages/cli/bundle, built by `pnpm build` from the
// compiled packages (scripts/bundle-cli.mjs). TypeScript is loaded only when a kpc.config.ts
// or a TypeScript rule file must be read, or rules must be lowered.
import '../bundle/main.js';
