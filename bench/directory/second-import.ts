/**
 * Directory bench: the first import against a large tenant pages every user; a second import (same session, or
 * a later session with the disk cache) brings the directory up to date with one delta round. Prints time and
 * request counts for both. Run: npx tsx bench/directory/second-import.ts [users] [changed]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appOnlyGraphClient, startEmulator } from '../../src/emulator/index';
import { loadLiveDirectory } from '../../src/main/core/tenant/live-directory';

const count = Number(process.argv[2] ?? 100_000);
const changed = Number(process.argv[3] ?? 50);

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const emu = await startEmulator({ seed: 'bench-dir', users: count, throttling: { enabled: false } });
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'headshot-bench-dir-'));
  try {
    const { client } = await appOnlyGraphClient(emu);
    const load = async (label: string, options: Parameters<typeof loadLiveDirectory>[0]) => {
      emu.clearRequests();
      const t = process.hrtime.bigint();
      const loaded = await loadLiveDirectory(options);
      const requests = emu.requests().filter((r) => r.surface === 'graph');
      const delta = requests.filter((r) => r.path.includes('/users/delta')).length;
      console.log(
        `${label}: ${loaded.users.length} users in ${ms(t).toFixed(0)} ms, ${requests.length} requests (${delta} delta, ${requests.length - delta} /users pages), source ${loaded.source}`,
      );
      return loaded;
    };
    const first = await load('first import (no cache)', { client, tenantId: emu.tenantId, cacheDir });
    const users = emu.users();
    for (let i = 0; i < changed; i++) {
      emu.updateUser(users[(i * 997) % users.length]!.id, { displayName: `Changed ${i}` });
    }
    await load(`second import, same session (${changed} users changed)`, {
      client,
      tenantId: emu.tenantId,
      cacheDir,
      previous: first,
    });
    await load('first import of a later session (disk cache)', { client, tenantId: emu.tenantId, cacheDir });
  } finally {
    await emu.stop();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

void main();
