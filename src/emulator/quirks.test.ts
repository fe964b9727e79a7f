// Quirk profiles through the real Graph client: no-photo codes per user, read-after-write delay, mailbox kinds.
import { randomBytes } from 'node:crypto';
import { ResponseType, type GraphError } from '@microsoft/microsoft-graph-client';
import sharp from 'sharp';
import { appOnlyGraphClient } from './client';
import { noPhotoCodeFor } from './graph-photos';
import { renderPortrait } from './portrait';
import { startEmulator } from './server';
import type { Emulator } from './types';

async function failure(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

const started: Emulator[] = [];
afterAll(() => Promise.all(started.map((e) => e.stop())));
async function tenant(options: Parameters<typeof startEmulator>[0]) {
  const emu = await startEmulator(options);
  started.push(emu);
  const { client } = await appOnlyGraphClient(emu);
  const members = emu.users().filter((u) => u.userType === 'Member' && u.seedPhoto === null);
  return { emu, client, members };
}

describe('quirk profiles', () => {
  it('no-photo-codes: each user keeps one code; all four kinds occur', async () => {
    const { client, members } = await tenant({ seed: 'quirk-codes', users: 60, quirks: 'no-photo-codes' });
    const seen = new Set<string>();
    for (const user of members.filter((u) => u.hasMailbox !== false)) {
      const expected = noPhotoCodeFor(user.id, 'mixed');
      const e = await failure(client.api(`/users/${user.id}/photo`).get());
      const again = await failure(client.api(`/users/${user.id}/photo/$value`).get());
      expect(e.statusCode).toBe(404);
      expect(again.statusCode).toBe(404);
      seen.add(expected);
      if (expected !== 'none') expect([e.code, again.code]).toEqual([expected, expected]);
    }
    expect([...seen].sort()).toEqual(['ErrorEntityNotFound', 'ErrorItemNotFound', 'ImageNotFound', 'none']);
  });

  it('read-after-write: reads show the earlier state for the delay, then the new photo', async () => {
    const { emu, client, members } = await tenant({
      seed: 'quirk-raw',
      users: 30,
      quirks: { readAfterWriteDelayMs: 400 },
    });
    const user = members[0]!;
    const photo = await renderPortrait('raw');
    await client.api(`/users/${user.id}/photo/$value`).header('Content-Type', 'image/jpeg').put(photo);
    expect(emu.photoOf(user.id)!.equals(photo)).toBe(true);
    expect((await failure(client.api(`/users/${user.id}/photo`).get())).statusCode).toBe(404);
    await new Promise((r) => setTimeout(r, 450));
    const bytes = Buffer.from(
      (await client
        .api(`/users/${user.id}/photo/$value`)
        .responseType(ResponseType.ARRAYBUFFER)
        .get()) as ArrayBuffer,
    );
    expect(bytes.equals(photo)).toBe(true);
  });

  it('mailboxes: no Exchange Online mailbox refuses photos over 100 KB with 404; on-premises answers MailboxNotHostedInExchangeOnline', async () => {
    const { emu, client } = await tenant({ seed: 'quirk-mbx', users: 40, quirks: 'mailboxes' });
    const users = emu.users();
    const noMailbox = users.find(
      (u) => u.userType === 'Member' && u.hasMailbox === false && !u.roles?.length,
    )!;
    const onPrem = users.find((u) => u.mailboxOnPremises)!;
    expect(noMailbox && onPrem).toBeTruthy();
    // Noise does not compress: a 648 px JPEG of it is several hundred KB.
    const big = await sharp(randomBytes(648 * 648 * 3), { raw: { width: 648, height: 648, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(100 * 1024);
    const refused = await failure(
      client.api(`/users/${noMailbox.id}/photo/$value`).header('Content-Type', 'image/jpeg').put(big),
    );
    expect(refused.statusCode).toBe(404);
    const small = await renderPortrait('small', { width: 96, height: 96 });
    await client.api(`/users/${noMailbox.id}/photo/$value`).header('Content-Type', 'image/jpeg').put(small);
    expect(emu.photoOf(noMailbox.id)!.equals(small)).toBe(true);

    for (const request of [
      client.api(`/users/${onPrem.id}/photo`).get(),
      client.api(`/users/${onPrem.id}/photo/$value`).header('Content-Type', 'image/jpeg').put(small),
    ]) {
      const e = await failure(request);
      expect([e.statusCode, e.code]).toEqual([404, 'MailboxNotHostedInExchangeOnline']);
    }
  });
});
