import { describe, expect, it } from 'vitest';
import type { CommandEntry } from './commands/table.ts';
import { UsageError } from './errors.ts';
import type { CliIO } from './io.ts';
import { run } from './run.ts';

function memoryIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (s) => void out.push(s) },
    stderr: { write: (s) => void err.push(s) },
    readStdin: async () => new Uint8Array(),
    cwd: '/',
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
}

const entry = (name: string, body: () => Promise<number>): CommandEntry => ({
  name,
  summary: name,
  load: async () => ({ name, summary: name, help: `help for ${name}`, run: body }),
});

describe('run (the exit-code boundary)', () => {
  const commands = [
    entry('ok', async () => 0),
    entry('findings', async () => 1),
    entry('usage', async () => {
      throw new UsageError('bad flag', 'try --help');
    }),
    entry('crash', async () => {
      throw new TypeError('cannot read properties of undefined');
    }),
  ];

  it('maps results and error classes to exit codes', async () => {
    expect(await run(['ok'], memoryIO(), commands)).toBe(0);
    expect(await run(['findings'], memoryIO(), commands)).toBe(1);
    const usage = memoryIO();
    expect(await run(['usage'], usage, commands)).toBe(2);
    expect(usage.err.join('')).toBe('kpc: bad flag\n  hint: try --help\n');
    const crash = memoryIO();
    expect(await run(['crash'], crash, commands)).toBe(3);
    expect(crash.err.join('')).toContain('internal error: TypeError: cannot read properties');
    expect(crash.err.join('')).toContain('Please report it');
  });

  it('handles help, version and unknown commands', async () => {
    const io = memoryIO();
    expect(await run(['help', 'ok'], io, commands)).toBe(0);
    expect(io.out.join('')).toBe('help for ok\n');
    expect(await run(['--version'], memoryIO(), commands)).toBe(0);
    expect(await run(['nope'], memoryIO(), commands)).toBe(2);
    expect(await run(['help', 'nope'], memoryIO(), commands)).toBe(2);
  });
});

describe('useColor', () => {
  it('follows the TTY, NO_COLOR and FORCE_COLOR', async () => {
    const { useColor } = await import('./io.ts');
    const io = (env: Record<string, string>, tty: boolean): CliIO => ({
      ...memoryIO(),
      env,
      stdoutIsTTY: tty,
    });
    expect(useColor(io({}, true), 'stdout')).toBe(true);
    expect(useColor(io({}, false), 'stdout')).toBe(false);
    expect(useColor(io({ NO_COLOR: '1' }, true), 'stdout')).toBe(false);
    expect(useColor(io({ FORCE_COLOR: '1' }, false), 'stdout')).toBe(true);
    expect(useColor(io({ FORCE_COLOR: '' }, false), 'stdout')).toBe(false);
    expect(useColor(io({ FORCE_COLOR: '0' }, true), 'stdout')).toBe(false);
  });
});
