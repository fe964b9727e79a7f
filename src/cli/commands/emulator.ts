/**
 * `headshot emulator`: runs the demo tenant until Ctrl-C and prints how to connect. With --json, the first
 * line of stdout is one JSON object: { authority, graphBaseUrl, tenantId, clientId, clientSecret, caFile }.
 * The CA certificate goes to a fresh temp dir (removed on exit); nothing else is written.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isQuirkProfile, QUIRK_PROFILES } from '../../emulator/quirks';
import { UsageError, type CliCommand } from '../io';

const PROFILE_NAMES = Object.keys(QUIRK_PROFILES).join(', ');

const usage = `Usage: headshot emulator [--port N] [--users N] [--seed S] [--quirks PROFILE] [--json]

Runs the Headshot demo tenant (an Entra ID + Microsoft Graph emulator) on https://127.0.0.1 until Ctrl-C.

Options:
  --port N     Port to listen on (default: a free port)
  --users N    Number of seeded users, 1..200000 (default 50)
  --seed S     Seed for the tenant (default "headshot"); the same seed gives the same users
  --quirks P   Behave like a real tenant with this quirk: ${PROFILE_NAMES}
               (default "default"; docs/emulator.md, "Quirk profiles")
  --json       Print the connection details as one JSON line first:
               {"authority","graphBaseUrl","tenantId","clientId","clientSecret","caFile"}
`;

function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${value}'.`);
  return n;
}

export const command: CliCommand = {
  summary: 'Run the demo tenant (Entra ID + Graph emulator) until Ctrl-C',
  usage,
  run: async (args, io) => {
    let values: { port?: string; users?: string; seed?: string; quirks?: string; json?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          port: { type: 'string' },
          users: { type: 'string' },
          seed: { type: 'string' },
          quirks: { type: 'string' },
          json: { type: 'boolean' },
        },
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const port = intOption(values.port, 'port', 0, 65535);
    const users = intOption(values.users, 'users', 1, 200_000);
    const quirks = values.quirks ?? 'default';
    if (!isQuirkProfile(quirks))
      throw new UsageError(`--quirks must be one of: ${PROFILE_NAMES}; got '${quirks}'.`);
    if (io.signal.aborted) return 0;

    const { startEmulator } = await import('../../emulator/index');
    const emulator = await startEmulator({
      port,
      users: users ?? 50,
      seed: values.seed ?? 'headshot',
      quirks,
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-emulator-'));
    const caFile = path.join(dir, 'demo-tenant-ca.pem');
    await writeFile(caFile, emulator.caCertPem, { mode: 0o600 });
    try {
      const details = {
        authority: emulator.authority,
        graphBaseUrl: emulator.graphBaseUrl,
        tenantId: emulator.tenantId,
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        caFile,
      };
      if (values.json) {
        io.stdout(JSON.stringify(details) + '\n');
      } else {
        io.stdout(
          [
            'Headshot demo tenant is running.',
            `  Authority:      ${details.authority}   (MSAL knownAuthorities: ${emulator.authorityHost})`,
            `  Graph base URL: ${details.graphBaseUrl}   (Graph client customHosts: ${emulator.graphHost})`,
            `  Tenant ID:      ${details.tenantId}`,
            `  Client ID:      ${details.clientId}`,
            `  Client secret:  ${details.clientSecret}   (throwaway, valid for this run only)`,
            `  CA certificate: ${caFile}   (trust it per client, e.g. NODE_EXTRA_CA_CERTS for a child process)`,
            `  Users:          ${emulator.users().length}; signed-in admin: admin@contoso.com`,
            `  Quirk profile:  ${quirks}`,
            'Press Ctrl-C to stop.',
            '',
          ].join('\n'),
        );
      }
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        else io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    }
    if (!values.json) io.stderr('headshot emulator: stopped.\n');
    return 0;
  },
};
