// `headshot emulator` in-process: --json prints the connection line, the CA file is real, Ctrl-C stops it.
import { existsSync, readFileSync } from 'node:fs';
import { runCli } from '../cli/index';
import { captureIo } from '../../test/support/capture-io';
import { emulatorFetch } from './client';

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('headshot emulator', () => {
  it('--json prints one JSON line with the connection details, serves, and stops on abort', async () => {
    const io = captureIo();
    const running = runCli(['emulator', '--users', '12', '--seed', 'cli', '--json'], io);
    await waitFor(() => io.out().length > 0);
    const line = io.out();
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
    const io = captureIo();
    await expect(runCli(['emulator', '--users', '0'], io)).resolves.toBe(2);
    expect(io.err()).toContain('--users must be an integer from 1 to 200000');
  });

  it('rejects an unknown --quirks profile with exit 2 and lists the profiles', async () => {
    const io = captureIo();
    await expect(runCli(['emulator', '--quirks', 'slow'], io)).resolves.toBe(2);
    expect(io.err()).toContain(
      '--quirks must be one of: default, no-photo-codes, read-after-write, mailboxes, photo-policy-onpremises, photo-policy-roles',
    );
  });
});
