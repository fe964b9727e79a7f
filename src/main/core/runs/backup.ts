/** Backups of the photos a run replaces: <state>/runs/<runId>/backup/<userId>.<jpg|png>, written durably. */
import path from 'node:path';
import { isReservedDeviceName } from '../export/file-names';
import { writeFileDurable } from './journal';

export type PhotoContentType = 'image/jpeg' | 'image/png';

/** Graph takes JPEG and PNG; the stored bytes say which (the metadata's content type can be stale). */
export function sniffContentType(bytes: Buffer): PhotoContentType {
  return bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 ? 'image/png' : 'image/jpeg';
}

export function backupFileName(userId: string, contentType: PhotoContentType): string {
  // Graph ids are GUIDs; anything else is made safe for every file system, CON and NUL included.
  const cleaned = userId.replace(/[^A-Za-z0-9._-]/g, '_');
  const safe = isReservedDeviceName(cleaned) ? `_${cleaned}` : cleaned;
  return `${safe}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
}

/** Writes the backup and returns its path relative to the run directory. */
export async function writeBackup(runDir: string, userId: string, bytes: Buffer): Promise<string> {
  const name = backupFileName(userId, sniffContentType(bytes));
  await writeFileDurable(path.join(runDir, 'backup', name), bytes);
  return `backup/${name}`;
}
