import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configImports } from './rule-sources.ts';

describe('configImports', () => {
  it('finds rule files imported with, without, or with a .js extension, and index files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpc-imports-'));
    mkdirSync(join(dir, 'rules', 'pack'), { recursive: true });
    for (const f of ['a.ts', 'b.ts', 'c.ts', 'd.mts', 'pack/index.ts'])
      writeFileSync(join(dir, 'rules', f), '');
    writeFileSync(
      join(dir, 'kpc.config.ts'),
      [
        "import a from './rules/a.ts';",
        "import b from './rules/b';",
        "import c from './rules/c.js';",
        "import { d } from './rules/d.mts';",
        "import * as pack from './rules/pack';",
        "import missing from './rules/missing';",
        "import { defineConfig } from '@kpc/core';",
        '',
      ].join('\n'),
    );
    expect(configImports(join(dir, 'kpc.config.ts'))).toEqual(
      ['a.ts', 'b.ts', 'c.ts', 'd.mts', 'pack/index.ts'].map((f) => join(dir, 'rules', f)),
    );
  });
});
