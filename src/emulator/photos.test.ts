// Photos and $batch through the real Graph client: round trip with sizes derived by sharp, the limits, errors.
import { PublicClientApplication } from '@azure/msal-node';
import { Client, ResponseType, type GraphError } from '@microsoft/microsoft-graph-client';
import sharp from 'sharp';
import { appOnlyGraphClient, graphClientOptionsFor, msalConfigFor, simulatedBrowser } from './client';
import { renderPortrait } from './portrait';
import { startEmulator } from './server';
import type { Emulator, EmulatorUser } from './types';

let emu: Emulator;
let client: Client;
let users: EmulatorUser[];

beforeAll(async () => {
  emu = await startEmulator({ seed: 'photo-tests', users: 40 });
  ({ client } = await appOnlyGraphClient(emu));
  users = emu.users().filter((u) => u.userType === 'Member' && u.seedPhoto === null);
});
afterAll(() => emu.stop());

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

const put = (user: string, bytes: Buffer, type = 'image/jpeg') =>
  client
    .api(`/users/${encodeURIComponent(user)}/photo/$value`)
    .header('Content-Type', type)
    .put(bytes);

describe('photo round trip', () => {
  it('PUT stores the bytes as uploaded; GET serves the 648 size derived with sharp; /photo describes what $value serves', async () => {
    const user = users[0]!;
    const upload = await renderPortrait('round-trip', { width: 800, height: 1000 });
    await put(user.userPrincipalName, upload);
    expect(emu.photoOf(user.id)!.equals(upload)).toBe(true);

    const bytes = Buffer.from(
      (await client
        .api(`/users/${user.id}/photos/648x648/$value`)
        .responseType(ResponseType.ARRAYBUFFER)
        .get()) as ArrayBuffer,
    );
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 648, 648]);

    const photo = (await client.api(`/users/${user.id}/photo`).get()) as Record<string, unknown>;
    // The default photo is the upload itself (800 x 1000): its metadata says so, not the largest derived size.
    expect(photo).toMatchObject({
      id: '800x1000',
      width: 800,
      height: 1000,
      '@odata.mediaContentType': 'image/jpeg',
      '@odata.id': `${emu.graphBaseUrl}v1.0/users('${user.id}@${emu.tenantId}')/photo`,
    });
    // Quoted, not weak: "\"BA09D118\"" in Microsoft's example.
    expect(photo['@odata.mediaEtag']).toMatch(/^"[0-9A-F]{8}"$/);
    const held = Buffer.from(
      (await client
        .api(`/users/${user.id}/photo/$value`)
        .responseType(ResponseType.ARRAYBUFFER)
        .get()) as ArrayBuffer,
    );
    expect(held.equals(upload)).toBe(true);
    const heldMeta = await sharp(held).metadata();
    expect(`${heldMeta.width}x${heldMeta.height}`).toBe(photo.id);
    const sized = (await client.api(`/users/${user.id}/photos/648x648`).get()) as Record<string, unknown>;
    expect(sized).toMatchObject({ id: '648X648', width: 648, height: 648 });
    const sizes = (await client.api(`/users/${user.id}/photos`).get()) as { value: { id: string }[] };
    expect(sizes.value.map((s) => s.id)).toEqual([
      '48X48',
      '64X64',
      '96X96',
      '120X120',
      '240X240',
      '360X360',
      '432X432',
      '504X504',
      '648X648',
    ]);
  });

  it('only sizes up to the uploaded one exist; PNG is accepted', async () => {
    const user = users[1]!;
    await put(
      user.id,
      await renderPortrait('small', { width: 300, height: 300, format: 'png' }),
      'image/png',
    );
    const sizes = (await client.api(`/users/${user.id}/photos`).get()) as { value: { id: string }[] };
    expect(sizes.value.map((s) => s.id)).toEqual(['48X48', '64X64', '96X96', '120X120', '240X240']);
    const missing = await graphErrorOf(client.api(`/users/${user.id}/photos/648x648/$value`).get());
    expect([missing.statusCode, missing.code]).toEqual([404, 'ErrorEntityNotFound']);
  });

  it('PUT over 4 MB gets 413; a wrong content type 415; bytes that are not the image type 400', async () => {
    const user = users[2]!;
    const big = Buffer.alloc(5 * 1024 * 1024, 7);
    const tooBig = await graphErrorOf(put(user.id, big));
    expect(tooBig.statusCode).toBe(413);
    const wrongType = await graphErrorOf(put(user.id, await renderPortrait('x'), 'image/gif'));
    expect(wrongType.statusCode).toBe(415);
    const notImage = await graphErrorOf(put(user.id, Buffer.from('definitely not a jpeg')));
    expect([notImage.statusCode, notImage.code]).toEqual([400, 'ImageNotValid']);
    expect(emu.photoOf(user.id)).toBeNull();
  });

  it('GET with no photo is 404 ErrorEntityNotFound; DELETE answers 200 and removes; unknown users are 404 Request_ResourceNotFound', async () => {
    const user = users[3]!;
    const none = await graphErrorOf(client.api(`/users/${user.id}/photo/$value`).get());
    expect([none.statusCode, none.code, none.message]).toEqual([
      404,
      'ErrorEntityNotFound',
      "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
    ]);
    await put(user.id, await renderPortrait('to-delete'));
    const deleted = (await client
      .api(`/users/${user.id}/photo/$value`)
      .responseType(ResponseType.RAW)
      .delete()) as Response;
    expect(deleted.status).toBe(200);
    expect(emu.photoOf(user.id)).toBeNull();
    expect((await graphErrorOf(client.api(`/users/${user.id}/photo`).get())).code).toBe(
      'ErrorEntityNotFound',
    );
    const unknown = await graphErrorOf(client.api('/users/ghost@contoso.com/photo/$value').get());
    expect([unknown.statusCode, unknown.code]).toEqual([404, 'Request_ResourceNotFound']);
  });

  it('seeded users with a photo serve it; setPhoto(null) removes it', async () => {
    const seeded = emu.users().find((u) => u.seedPhoto !== null && u.seedPhoto !== undefined)!;
    const bytes = Buffer.from(
      (await client
        .api(`/users/${seeded.id}/photo/$value`)
        .responseType(ResponseType.ARRAYBUFFER)
        .get()) as ArrayBuffer,
    );
    expect((await sharp(bytes).metadata()).width).toBe(648);
    emu.setPhoto(seeded.id, null);
    expect((await graphErrorOf(client.api(`/users/${seeded.id}/photo/$value`).get())).code).toBe(
      'ErrorEntityNotFound',
    );
  });

  it('a delegated user without an admin role cannot change someone else’s photo (403)', async () => {
    const pca = new PublicClientApplication(msalConfigFor(emu));
    const result = await pca.acquireTokenInteractive({
      scopes: ['https://graph.microsoft.com/ProfilePhoto.ReadWrite.All'],
      loginHint: 'jose.garcia@contoso.com',
      openBrowser: simulatedBrowser(emu.caCertPem),
    });
    const asJose = Client.init({
      ...graphClientOptionsFor(emu),
      authProvider: (done) => done(null, result.accessToken),
    });
    const denied = await graphErrorOf(
      asJose
        .api(`/users/${users[4]!.id}/photo/$value`)
        .header('Content-Type', 'image/jpeg')
        .put(await renderPortrait('x')),
    );
    expect(denied.statusCode).toBe(403);
  });
});

interface BatchResponse {
  responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}

describe('$batch', () => {
  afterEach(() => emu.setThrottling({}));

  it('runs items with base64 bodies and dependsOn, answers by id, throttles items one by one', async () => {
    const [a, b, c] = users.slice(5, 8) as [EmulatorUser, EmulatorUser, EmulatorUser];
    const jpeg = await renderPortrait('batch');
    const jpegSide = (await sharp(jpeg).metadata()).width;
    // One write token, refilled slowly: the second photo write in the batch is throttled on its own.
    emu.setThrottling({ writeBurst: 1, writeRatePerSecond: 0.25 });
    const body = {
      requests: [
        {
          id: '1',
          method: 'PUT',
          url: `/users/${a.id}/photo/$value`,
          headers: { 'Content-Type': 'image/jpeg' },
          body: jpeg.toString('base64'),
        },
        { id: '2', method: 'GET', url: `/users/${a.id}/photo`, dependsOn: ['1'] },
        {
          id: '3',
          method: 'PUT',
          url: `/users/${b.id}/photo/$value`,
          headers: { 'Content-Type': 'image/jpeg' },
          body: jpeg.toString('base64'),
          dependsOn: ['2'],
        },
        { id: '4', method: 'GET', url: `/users/${c.id}/photo/$value`, dependsOn: ['3'] },
        {
          id: '5',
          method: 'GET',
          url: `/users/${encodeURIComponent(c.userPrincipalName)}?$select=id,employeeId`,
        },
      ],
    };
    const result = (await client.api('/$batch').post(body)) as BatchResponse;
    const byId = new Map(result.responses.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(byId.get('1')!.status).toBe(200);
    expect(emu.photoOf(a.id)!.equals(jpeg)).toBe(true);
    expect(byId.get('2')!.body).toMatchObject({ id: `${jpegSide}x${jpegSide}` });
    expect(byId.get('3')!.status).toBe(429);
    expect(Number(byId.get('3')!.headers!['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(byId.get('4')!.status).toBe(424);
    expect(byId.get('5')!.body).toMatchObject({ id: c.id, employeeId: c.employeeId ?? null });
    expect(emu.photoOf(b.id)).toBeNull();

    const items = emu
      .requests()
      .filter((r) => r.surface === 'batch-item' && r.batch && ['1', '3'].includes(r.batch.id));
    expect(items.map((r) => [r.batch!.id, r.status]).sort()).toEqual([
      ['1', 200],
      ['3', 429],
    ]);
  });

  it('binary item responses come back base64', async () => {
    const user = users[5]!;
    const result = (await client.api('/$batch').post({
      requests: [{ id: 'p', method: 'GET', url: `/users/${user.id}/photos/48x48/$value` }],
    })) as BatchResponse;
    const item = result.responses[0]!;
    expect(item.headers!['Content-Type']).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(item.body as string, 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([48, 48]);
  });

  it('rejects more than 20 requests and duplicate ids', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: '/users?$top=1',
    }));
    expect((await graphErrorOf(client.api('/$batch').post({ requests: many }))).statusCode).toBe(400);
    const dup = [
      { id: 'x', method: 'GET', url: '/users?$top=1' },
      { id: 'x', method: 'GET', url: '/users?$top=2' },
    ];
    const error = await graphErrorOf(client.api('/$batch').post({ requests: dup }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('duplicate');
  });
});
