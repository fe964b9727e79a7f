/** Test support: the real MSAL + Graph client wired to a running demo tenant, the way the CLI and app wire them. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Emulator } from '../../src/emulator/types';
import type { AuthMode } from '../../src/main/core/tenant/auth-session';
import { createTenantConnection, type TenantConnection } from '../../src/main/core/tenant/tenant-connection';
import type { ProcessPhoto } from '../../src/main/core/runs/run-engine';

export type Connected = TenantConnection;

/** A signed-in connection to a demo tenant, built by the one tenant connection the app and the CLI use. */
export async function connect(
  emu: Emulator,
  mode: AuthMode = 'client-credentials',
  extra: { refreshMarginMs?: number } = {},
): Promise<Connected> {
  const connection = createTenantConnection({
    tenant: emu.tenantId,
    authority: emu.authority,
    graphUrl: emu.graphBaseUrl,
    caPem: emu.caCertPem,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    mode,
    ...extra,
  });
  await connection.signIn();
  return connection;
}

/** Tiny distinct 64 px JPEGs (Graph offers no size under 48 px) (one flat colour per index) so hundreds of users cost milliseconds. */
export async function writeTinyJpegs(dir: string, names: string[], salt = 0): Promise<Map<string, Buffer>> {
  await fs.mkdir(dir, { recursive: true });
  const out = new Map<string, Buffer>();
  await Promise.all(
    names.map(async (name, i) => {
      const n = i + salt * 7919;
      const jpeg = await sharp({
        create: {
          width: 64,
          height: 64,
          channels: 3,
          background: { r: n % 256, g: (n >> 8) % 256, b: (salt * 40) % 256 },
        },
      })
        .jpeg({ quality: 80 })
        .toBuffer();
      await fs.writeFile(path.join(dir, name), jpeg);
      out.set(name, jpeg);
    }),
  );
  return out;
}

/** "Processing" that passes the already-small JPEG through unchanged (the engine's stages are under test). */
export const passThroughProcess: ProcessPhoto = async (absPath) => {
  const jpeg = await fs.readFile(absPath);
  return { ok: true, jpeg, bytes: jpeg.length, sha256: createHash('sha256').update(jpeg).digest('hex') };
};
