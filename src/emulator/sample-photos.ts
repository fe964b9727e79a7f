/**
 * The demo folder: synthesised portraits named the ways admins really name them (UPN, alias, "Last, First",
 * employee ID), each returned with the user it is meant for, so the demo and the matcher tests know the truth.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderPortrait } from './portrait';
import type { EmulatorUser } from './types';

export type SampleNamingStyle = 'upn' | 'alias' | 'lastFirst' | 'employeeId';

export interface SamplePhoto {
  /** File name inside the folder (NFC). */
  file: string;
  /** Absolute path. */
  path: string;
  style: SampleNamingStyle;
  userId: string;
  userPrincipalName: string;
  width: number;
  height: number;
  format: 'jpeg' | 'png';
}

export interface SamplePhotoOptions {
  /** How many photos (default 24, at most one per eligible user). */
  count?: number;
  /** Naming styles to cycle through (default all four). */
  styles?: SampleNamingStyle[];
}

const ALL_STYLES: SampleNamingStyle[] = ['upn', 'alias', 'lastFirst', 'employeeId'];

/** Characters Windows and macOS refuse in file names. */
function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|#]/g, '_').normalize('NFC');
}

function aliasOf(user: EmulatorUser): string | null {
  const upnLocal = user.userPrincipalName.split('@')[0]!.toLowerCase();
  for (const address of user.proxyAddresses ?? []) {
    const local = address.replace(/^smtp:/i, '').split('@')[0]!;
    if (local.toLowerCase() !== upnLocal) return local;
  }
  return user.mailNickname && user.mailNickname.toLowerCase() !== upnLocal ? user.mailNickname : null;
}

/** The file base name in this style, or the UPN (and style 'upn') when the user lacks what the style needs. */
function baseName(
  user: EmulatorUser,
  style: SampleNamingStyle,
  sharedNames: Set<string>,
): [string, SampleNamingStyle] {
  const fallback: [string, SampleNamingStyle] = [user.userPrincipalName, 'upn'];
  switch (style) {
    case 'upn':
      return fallback;
    case 'alias': {
      const alias = aliasOf(user);
      return alias ? [alias, 'alias'] : fallback;
    }
    case 'lastFirst': {
      // A shared display name would make "Last, First" ambiguous: the file could not say whom it is for.
      const shared = sharedNames.has((user.displayName ?? '').toLowerCase());
      return user.surname && user.givenName && !shared
        ? [`${user.surname}, ${user.givenName}`, 'lastFirst']
        : fallback;
    }
    case 'employeeId':
      return user.employeeId ? [user.employeeId, 'employeeId'] : fallback;
  }
}

/** Writes the sample photo folder and returns what it wrote (photos go to enabled members, not guests). */
export async function writeSamplePhotos(
  dir: string,
  users: EmulatorUser[],
  options: SamplePhotoOptions = {},
): Promise<SamplePhoto[]> {
  const styles = options.styles?.length ? options.styles : ALL_STYLES;
  const count = options.count ?? 24;
  const nameCounts = new Map<string, number>();
  for (const user of users) {
    const key = (user.displayName ?? '').toLowerCase();
    nameCounts.set(key, (nameCounts.get(key) ?? 0) + 1);
  }
  const sharedNames = new Set([...nameCounts].filter(([, n]) => n > 1).map(([name]) => name));
  const eligible = users.filter((u) => u.userType !== 'Guest' && u.accountEnabled !== false).slice(0, count);

  await mkdir(dir, { recursive: true });
  const usedNames = new Set<string>();
  const written: SamplePhoto[] = [];
  for (const [i, user] of eligible.entries()) {
    const [name, style] = baseName(user, styles[i % styles.length]!, sharedNames);
    const format: 'jpeg' | 'png' = i % 5 === 4 ? 'png' : 'jpeg';
    // Mostly portrait-shaped camera output; every 6th is square and small-ish, as exports often are.
    const width = i % 6 === 5 ? 700 : 900 + (i % 3) * 100;
    const height = i % 6 === 5 ? 700 : Math.round(width * 1.25);
    let file = safeFileName(`${name}.${format === 'png' ? 'png' : 'jpg'}`);
    if (usedNames.has(file.toLowerCase()))
      file = safeFileName(`${user.userPrincipalName}.${format === 'png' ? 'png' : 'jpg'}`);
    usedNames.add(file.toLowerCase());
    const bytes = await renderPortrait(user.id, { width, height, format });
    const filePath = path.join(dir, file);
    await writeFile(filePath, bytes);
    written.push({
      file,
      path: filePath,
      style,
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      width,
      height,
      format,
    });
  }
  return written;
}
