/**
 * "Try the demo tenant": starts the emulator with seeded users and writes a sample folder that exercises every
 * review case: files named by UPN, alias, "Last, First" and employee ID (the emulator's sample set), plus a file
 * named for a display name two people share (ambiguous), a second photo of one person (conflict), an unmatched
 * camera file, and a mapping CSV that assigns a file whose name says nothing.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  renderPortrait,
  simulatedBrowser,
  startEmulator,
  writeSamplePhotos,
  type Emulator,
} from '../../emulator/index';
import type { EmulatorOptions } from '../../emulator/types';
import { toCsv } from '../../shared/csv-write';

export const DEMO_USER_COUNT = 40;
export const DEMO_SAMPLE_COUNT = 12;

/** The demo tenant's quirk profile (tests start the demo against real-tenant behaviours). */
export type DemoQuirks = EmulatorOptions['quirks'];

export interface DemoTenant {
  emulator: Emulator;
  /** The demo's "browser": in-process, the emulator auto-consents and the form_post goes to MSAL's loopback. */
  openBrowser: (url: string) => Promise<void>;
  /** The demo's own folder (emptied each time the demo starts): its sample photos, and its caches. */
  root: string;
  folder: string;
  mappingCsv: string;
  /** What each extra file is for (the e2e test and docs use these names). */
  extras: { ambiguous: string; conflict: [string, string]; unmatched: string; mapped: string };
}

export async function startDemoTenant(
  dataDir: string,
  options: { port?: number; quirks?: EmulatorOptions['quirks'] } = {},
): Promise<DemoTenant> {
  const emulator = await startEmulator({
    users: DEMO_USER_COUNT,
    seed: 'headshot-demo',
    ...(options.port ? { port: options.port } : {}),
    ...(options.quirks ? { quirks: options.quirks } : {}),
  });
  try {
    const root = path.join(dataDir, 'demo');
    const folder = path.join(root, 'Sample photos');
    await rm(root, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    const users = emulator.users();
    // Ambiguous: a display name two people share (kept out of the sample set, so the case stays pure).
    const names = new Map<string, number>();
    for (const u of users) names.set(u.displayName ?? '', (names.get(u.displayName ?? '') ?? 0) + 1);
    const shared = [...names].find(([name, n]) => n > 1 && name)?.[0] ?? 'Chris Lee';
    const samples = await writeSamplePhotos(
      folder,
      users.filter((u) => u.displayName !== shared),
      { count: DEMO_SAMPLE_COUNT },
    );
    const ambiguous = `${shared}.jpg`;
    await writeFile(
      path.join(folder, ambiguous),
      await renderPortrait(`${shared}-demo`, { width: 900, height: 1100 }),
    );

    // Conflict: a second photo of the first sample's person, in a sub-folder, named by their display name.
    const first = samples[1] ?? samples[0]!;
    const firstUser = users.find((u) => u.id === first.userId)!;
    const conflictFile = `Retakes/${firstUser.userPrincipalName.split('@')[0]}.jpg`;
    await mkdir(path.join(folder, 'Retakes'), { recursive: true });
    await writeFile(
      path.join(folder, conflictFile),
      await renderPortrait(`${firstUser.id}-retake`, { width: 1000, height: 1000 }),
    );

    // Unmatched: a camera file name says nothing about anyone.
    const unmatched = 'IMG_0042.jpg';
    await writeFile(
      path.join(folder, unmatched),
      await renderPortrait('img-0042', { width: 800, height: 1000 }),
    );

    // Mapped: a photographer's name for the file, assigned by the mapping CSV to a user without a sample.
    const used = new Set(samples.map((s) => s.userId));
    const mappedUser = users.find(
      (u) =>
        !used.has(u.id) &&
        u.userType !== 'Guest' &&
        u.accountEnabled !== false &&
        (names.get(u.displayName ?? '') ?? 0) === 1,
    )!;
    const mapped = 'Studio/session-07-frame-113.jpg';
    await mkdir(path.join(folder, 'Studio'), { recursive: true });
    await writeFile(
      path.join(folder, mapped),
      await renderPortrait(`${mappedUser.id}-studio`, { width: 1200, height: 1500 }),
    );
    const mappingCsv = path.join(root, 'mapping.csv');
    await writeFile(
      mappingCsv,
      toCsv(['file', 'upn'], [[mapped, mappedUser.userPrincipalName]], { separator: ';', bom: false }),
      'utf8',
    );

    return {
      emulator,
      openBrowser: simulatedBrowser(emulator.caCertPem),
      root,
      folder,
      mappingCsv,
      extras: { ambiguous, conflict: [first.file, conflictFile], unmatched, mapped },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
