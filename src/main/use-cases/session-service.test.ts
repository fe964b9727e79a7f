import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWithPreviews } from './import-folder';
import type { Client } from '@microsoft/microsoft-graph-client';
import { SessionService, explainSignInError, readTenantName } from './session-service';

let dir: string;
let service: SessionService;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-session-'));
  service = new SessionService({
    dataDir: dir,
    openBrowser: () => Promise.reject(new Error('no browser in tests')),
  });
});
afterAll(async () => {
  await service.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('SessionService with the demo tenant', () => {
  it('signs in to the demo and serves the directory, search and photos', async () => {
    expect(service.info().signedIn).toBe(false);
    const demo = await service.startDemo();
    expect(demo.session).toMatchObject({
      signedIn: true,
      demo: true,
      cloud: 'custom',
      cachePersisted: false,
    });
    expect(demo.session.account).toMatch(/@/);
    // The tenant by name, read from GET /organization once after sign-in.
    expect(demo.session.tenantName).toBe('Contoso (Headshot demo tenant)');
    expect(service.info().tenantName).toBe('Contoso (Headshot demo tenant)');
    expect(JSON.stringify(demo)).not.toMatch(/eyJ/); // no JWT leaks into what the renderer gets

    const users = await service.directory();
    expect(users).toHaveLength(demo.userCount);
    expect(await service.domains()).toContain('contoso.com');
    const chris = await service.search('chris lee');
    expect(chris.map((u) => u.userPrincipalName).sort()).toEqual([
      'chris.lee@contoso.com',
      'christopher.lee@contoso.com',
    ]);
    expect(await service.search('zoe muller')).toHaveLength(1);

    const emu = service.demo()!.emulator;
    const withPhoto = users.find((u) => emu.photoOf(u.id));
    const without = users.find((u) => !emu.photoOf(u.id));
    const current = await service.currentPhoto(withPhoto!.id);
    expect(current?.contentType).toBe('image/jpeg');
    expect(current?.bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(await service.currentPhoto(without!.id)).toBeNull();
  });

  it('brings the directory up to date with one delta round, not every page again', async () => {
    const emu = service.demo()!.emulator;
    emu.addUser({
      id: '0b0b0b0b-0000-4000-8000-000000000001',
      userPrincipalName: 'late.joiner@contoso.com',
      displayName: 'Late Joiner',
      accountEnabled: true,
      userType: 'Member',
    });
    emu.clearRequests();
    const users = await service.directory(true);
    expect(users.find((u) => u.userPrincipalName === 'late.joiner@contoso.com')).toBeDefined();
    const paths = emu.requests().map((r) => r.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.endsWith('/users/delta'))).toBe(true);
    // Without refresh: what was loaded, no request at all.
    emu.clearRequests();
    expect(await service.directory()).toHaveLength(users.length);
    expect(emu.requests()).toHaveLength(0);
  });

  it('passes the pre-flight on the demo tenant', async () => {
    const result = await service.preflight();
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('writes a demo folder that exercises every review case', async () => {
    const demo = service.demo()!;
    const result = await importWithPreviews(
      { folder: demo.folder, mappingCsv: demo.mappingCsv, domains: await service.domains() },
      { directory: () => service.directory(), previewRoot: path.join(dir, 'previews'), imageUrl: (f) => f },
    );
    const status = (file: string) => result.items.find((i) => i.file === file)?.status;
    expect(status(demo.extras.ambiguous)).toBe('ambiguous');
    expect(status(demo.extras.conflict[0])).toBe('conflict');
    expect(status(demo.extras.conflict[1])).toBe('conflict');
    expect(status(demo.extras.unmatched)).toBe('unmatched');
    expect(result.items.find((i) => i.file === demo.extras.mapped)).toMatchObject({
      status: 'matched',
      method: 'mapping',
    });
    expect(result.summary.matched).toBeGreaterThanOrEqual(8);
    expect(result.items.every((i) => i.error === null)).toBe(true);
  });

  it('signs out and stops the demo', async () => {
    const emu = service.demo()!.emulator;
    await service.signOut();
    expect(service.info().signedIn).toBe(false);
    await expect(service.directory()).rejects.toThrow(/Sign in first/);
    await expect(fetch(emu.graphBaseUrl)).rejects.toThrow();
  });
});

describe('last sign-in', () => {
  it('reads the last tenant from disk and ignores a bad file', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'headshot-last-'));
    try {
      const last = {
        cloud: 'usgov',
        tenant: 'contoso.onmicrosoft.us',
        clientId: '11111111-2222-3333-4444-555555555555',
        mode: 'device-code',
      };
      await writeFile(path.join(other, 'last-sign-in.json'), JSON.stringify(last));
      const s = new SessionService({ dataDir: other, openBrowser: () => Promise.resolve() });
      expect((await s.load()).lastSignIn).toEqual(last);
      await writeFile(path.join(other, 'last-sign-in.json'), '{"cloud":"mars"}');
      const t = new SessionService({ dataDir: other, openBrowser: () => Promise.resolve() });
      expect((await t.load()).lastSignIn).toBeNull();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe('explainSignInError', () => {
  it('names the tenant by its display name, else its default verified domain, else its id', async () => {
    const asked: string[] = [];
    const client = (answer: () => Promise<unknown>) =>
      ({
        api: (url: string) => {
          asked.push(url);
          return { get: answer };
        },
      }) as unknown as Client;
    const org = (o: object) => () => Promise.resolve({ value: [o] });
    expect(await readTenantName(client(org({ displayName: ' Fabrikam ' })), 'tid')).toBe('Fabrikam');
    expect(asked[0]).toBe('/organization?$select=displayName,verifiedDomains');
    const domains = [{ name: 'fabrikam.onmicrosoft.com' }, { name: 'fabrikam.com', isDefault: true }];
    expect(await readTenantName(client(org({ displayName: '', verifiedDomains: domains })), 'tid')).toBe(
      'fabrikam.com',
    );
    expect(
      await readTenantName(client(org({ verifiedDomains: [{ name: 'fabrikam.onmicrosoft.com' }] })), 'tid'),
    ).toBe('fabrikam.onmicrosoft.com');
    const denied = () => Promise.reject(new Error('Authorization_RequestDenied'));
    expect(await readTenantName(client(denied), 'tid')).toBe('tid');
    expect(
      await readTenantName(
        client(() => Promise.resolve({ value: [] })),
        null,
      ),
    ).toBeNull();
  });

  it('turns MSAL errors into sentences with the fix', () => {
    expect(explainSignInError({ errorCode: 'consent_required', message: 'AADSTS65001: ...' })).toMatch(
      /admin consent/,
    );
    expect(explainSignInError(new Error('AADSTS700016: Application not found'))).toMatch(
      /client ID was not found/,
    );
    expect(explainSignInError(new Error('getaddrinfo ENOTFOUND login.microsoftonline.com'))).toMatch(
      /could not reach/,
    );
  });
});
