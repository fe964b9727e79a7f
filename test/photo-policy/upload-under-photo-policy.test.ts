/**
 * An upload against the demo tenant's photo-policy quirk profiles, as an admin would run it: the pre-flight warns
 * and names the fix, and every user's failure says why (the photo update settings), never "user not found".
 *  - 'photo-policy-onpremises' through `headshot upload` (app-only, the CLI's unattended mode);
 *  - 'photo-policy-roles' through the real MSAL interactive sign-in as a People Administrator, pre-flight and the
 *    run engine, the way the app runs it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { simulatedBrowser, startEmulator } from '../../src/emulator/index';
import type { Emulator, EmulatorUser } from '../../src/emulator/types';
import { runCli } from '../../src/cli/index';
import { captureIo } from '../support/capture-io';
import { createAuthSession } from '../../src/main/core/tenant/auth-session';
import { resolveCloud } from '../../src/main/core/tenant/clouds';
import { runPreflight } from '../../src/main/core/tenant/preflight';
import { createGraphClient } from '../../src/main/core/tenant/graph-client';
import { createHttpsFetch } from '../../src/main/core/tenant/https-fetch';
import { createGraphPhotoService } from '../../src/main/core/tenant/photos';
import { passThroughProcess, writeTinyJpegs } from '../support/emulator-tenant';
import { startRun } from '../../src/main/core/runs/run-engine';
import type { RunReport } from '../../src/shared/upload';
import { appOnlyCliArgs } from '../support/cli-auth';

/** Headshot's permissions plus the optional one that lets pre-flight read the photo update settings. */
const GRANTED = ['User.Read', 'User.Read.All', 'ProfilePhoto.ReadWrite.All', 'PeopleSettings.Read.All'];

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-photo-policy-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

function members(emu: Emulator, n: number): EmulatorUser[] {
  return emu
    .users()
    .filter(
      (u) =>
        u.accountEnabled !== false &&
        u.userType === 'Member' &&
        !u.roles?.length &&
        /^[a-z.]+@/.test(u.userPrincipalName),
    )
    .slice(0, n);
}

function expectPolicyFailures(
  report: RunReport,
  users: EmulatorUser[],
  emu: Emulator,
  before: Map<string, Buffer | null>,
) {
  const rows = report.results.filter((r) => r.user);
  expect(rows).toHaveLength(users.length);
  for (const row of rows) {
    expect(row.status).toBe('failed');
    expect(row.error?.code).toBe('ErrorAccessDenied');
    expect(row.error?.message).toMatch(/photo update settings/);
    expect(row.error?.message).not.toMatch(/not found/i);
  }
  for (const u of users) expect(emu.photoOf(u.id)).toEqual(before.get(u.id));
}

describe("upload against 'photo-policy-onpremises' (CLI, app-only)", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      users: 20,
      seed: 'policy-onprem',
      grantedScopes: GRANTED,
      quirks: 'photo-policy-onpremises',
    });
  });
  afterAll(() => emu.stop());

  it('warns before the run with the fix, and each user fails with the reason', async () => {
    const users = members(emu, 4);
    const folder = path.join(tmp, 'onprem');
    await fs.mkdir(folder, { recursive: true });
    // The CLI processes the photos itself, so they must be big enough to pass its checks.
    for (const [i, u] of users.entries()) {
      await sharp({
        create: { width: 400, height: 400, channels: 3, background: { r: 40 * i, g: 120, b: 200 } },
      })
        .jpeg()
        .toFile(path.join(folder, `${u.userPrincipalName}.jpg`));
    }
    const before = new Map(users.map((u) => [u.id, emu.photoOf(u.id)]));
    const caFile = path.join(tmp, 'ca.pem');
    await fs.writeFile(caFile, emu.caCertPem);
    const io = captureIo({ cwd: tmp, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
    const args = [
      'upload',
      folder,
      ...appOnlyCliArgs(emu, caFile),
      '--state-dir',
      path.join(tmp, 'state-onprem'),
      '--yes',
      '--json',
    ];
    const code = await runCli(args, io);
    const err = io.err();
    expect(err).toMatch(/warning: .*photo update settings say profile photos are managed on-premises/);
    expect(err).toMatch(/on-premises Active Directory/);
    expect(err).not.toMatch(/cannot continue/);
    expect(code).not.toBe(0);
    const report = JSON.parse(io.out()) as RunReport;
    expectPolicyFailures(report, users, emu, before);
  });
});

describe("upload against 'photo-policy-roles' (interactive sign-in as a People Administrator)", () => {
  let emu: Emulator;
  let fetchImpl: ReturnType<typeof createHttpsFetch>;
  beforeAll(async () => {
    emu = await startEmulator({
      users: 20,
      seed: 'policy-roles',
      grantedScopes: GRANTED,
      quirks: 'photo-policy-roles',
    });
    fetchImpl = createHttpsFetch({ ca: emu.caCertPem });
  });
  afterAll(async () => {
    fetchImpl?.close();
    await emu?.stop();
  });

  async function signInAs(upn: string) {
    const base = resolveCloud({ tenant: emu.tenantId, authority: emu.authority, graphUrl: emu.graphBaseUrl });
    // The admin has consented PeopleSettings.Read.All too; the token carries it (as one from a real tenant would).
    const cloud = {
      ...base,
      delegatedScopes: [...base.delegatedScopes, `${base.graphResource}/PeopleSettings.Read.All`],
    };
    emu.setSignedInUser(upn);
    const auth = createAuthSession({
      cloud,
      clientId: emu.clientId,
      mode: 'interactive',
      fetch: fetchImpl,
      openBrowser: simulatedBrowser(emu.caCertPem),
    });
    await auth.signIn();
    const client = createGraphClient({
      cloud,
      getAccessToken: () => auth.getAccessToken(),
      fetch: fetchImpl,
    });
    return { auth, client, photos: createGraphPhotoService(client) };
  }

  it('a People Administrator is warned that only Global Administrators may, and each user fails with the reason', async () => {
    const [admin, ...users] = members(emu, 4) as [EmulatorUser, ...EmulatorUser[]];
    emu.updateUser(admin.id, { roles: ['People Administrator'] });
    const conn = await signInAs(admin.userPrincipalName);

    const pre = await runPreflight(await conn.auth.getAccessToken(), conn.client);
    expect(pre.ok).toBe(true);
    expect(pre.problems.map((p) => p.code)).toEqual(['photo-policy-roles']);
    expect(pre.problems[0]!.message).toMatch(/let only Global Administrator change profile photos/);
    expect(pre.problems[0]!.message).toMatch(/Roles & admins/);

    const folder = path.join(tmp, 'roles');
    const names = users.map((u) => `${u.userPrincipalName}.jpg`);
    await writeTinyJpegs(folder, names);
    const before = new Map(users.map((u) => [u.id, emu.photoOf(u.id)]));
    const run = await startRun(
      {
        tenantId: emu.tenantId,
        items: users.map((u, i) => ({
          file: names[i]!,
          path: path.join(folder, names[i]!),
          user: { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName ?? null },
          method: 'upn' as const,
        })),
      },
      {
        stateDir: path.join(tmp, 'state-roles'),
        photos: conn.photos,
        processPhoto: passThroughProcess,
        auth: conn.auth,
      },
    );
    expectPolicyFailures((await run.done).report, users, emu, before);
  });

  it('the Global Administrator the policy allows gets no policy warning', async () => {
    const ga = emu.users().find((u) => u.roles?.includes('Global Administrator'))!;
    const conn = await signInAs(ga.userPrincipalName);
    expect(await runPreflight(await conn.auth.getAccessToken(), conn.client)).toMatchObject({
      ok: true,
      problems: [],
    });
  });
});
