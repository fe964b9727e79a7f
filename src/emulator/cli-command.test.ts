// `headshot emulator` in-process: --json prints the connection line, the CA file is real, Ctrl-C stops it.
import { existsSync, readFileSync } from 'node:fs';
import { runCli } from '../cli/index';
import type { CliIo } from '../cli/io';
import { emulatorFetch } from './client';

function fakeIo(): CliIo & { out: string[]; err: string[]; controller: AbortController } {
  const controller = new AbortController();
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    controller,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    cwd: process.cwd(),
    signal: controller.signal,
  };
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('headshot emulator', () => {
  it('--json prints one JSON line with the connection details, serves, and stops on abort', async () => {
    const io = fakeIo();
    const running = runCli(['emulator', '--users', '12', '--seed', 'cli', '--json'], io);
    await waitFor(() => io.out.length > 0);
    const line = io.out.join('');
    expect(line.endsWith('\n')).toBe(true);
    const details = JSON.parse(line.split('\n')[0]!) as Record<string, string>;
    expect(Object.keys(details).sort()).toEqual([
      'authority',
      'caFile',
      'clientId',
      'clientSecret',
      'graphBaseUrl',
      'tenantId',
    ]);
    expect(details.authority).toBe(`${new URL(details.graphBaseUrl!).origin}/${details.tenantId}`);
    const ca = readFileSync(details.caFile!, 'utf8');
    expect(ca).toContain('BEGIN CERTIFICATE');

    const config = await emulatorFetch(ca)(`${details.authority}/v2.0/.well-known/openid-configuration`);
    expect(((await config.json()) as { issuer: string }).issuer).toBe(`${details.authority}/v2.0`);

    io.controller.abort();
    await expect(running).resolves.toBe(0);
    expect(existsSync(details.caFile!)).toBe(false);
  });

  it('rejects a bad --users value with exit 2', async () => {
    const io = fakeIo();
    await expect(runCli(['emulator', '--users', '0'], io)).resolves.toBe(2);
    expect(io.err.join('')).toContain('--users must be an integer from 1 to 200000');
  });
});
