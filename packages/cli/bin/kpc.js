#!/usr/bin/env node
// kpc runs its TypeScript sources directly: tsx compiles them on the fly (esbuild, no type
// checking, no TypeScript compiler), so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
