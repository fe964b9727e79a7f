/** The `headshot` options that sign in to a demo tenant app-only (the secret goes in HEADSHOT_CLIENT_SECRET). */
import type { Emulator } from '../../src/emulator/types';

export function appOnlyCliArgs(emu: Emulator, caFile: string): string[] {
  return [
    '--tenant',
    emu.tenantId,
    '--client-id',
    emu.clientId,
    '--auth',
    'client-credentials',
    '--authority',
    emu.authority,
    '--graph-url',
    emu.graphBaseUrl,
    '--ca',
    caFile,
  ];
}
