/**
 * File names for exported photos: safe on Windows, macOS and Linux, distinct per user, and the same for the same
 * users every time (so a re-export finds its files again). Pure. Rules and their sources: docs/export.md.
 */
import { detectFormat } from '../library/detect-format';
import type { ExportNameField, ExportUser } from './export-schema';

/** Longest file name, extension included: far under every file system's 255, with room for a deep folder. */
export const MAX_FILE_NAME = 200;
/** Room kept for the extension (".jpg", ".png", ".gif"). */
const EXTENSION_ROOM = 4;

// Windows refuses \ / : * ? " < > | and the control characters; a slash is a folder on macOS and Linux. Bidi
// controls and other invisible format characters could make a name look like another one, so they go too.
const UNSAFE = /[\\/:*?"<>|\p{Cc}\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
/** Device names Windows reserves in any case and with any extension ("con.jpg" is CON). */
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Would Windows open a device instead of this file? The part before the first dot decides ("nul.tar.gz"). */
export function isReservedDeviceName(name: string): boolean {
  return RESERVED.test(trimEnd(name.split('.')[0] ?? ''));
}

const NAME_LABELS: Record<ExportNameField, string> = {
  upn: 'UPN',
  mail: 'mail address',
  employeeId: 'employee ID',
  displayName: 'display name',
};

/** Cuts to at most `max` UTF-16 units without splitting a character made of two. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Trailing dots and spaces: Windows drops them, so "Ann." and "Ann" would be one file. */
const trimEnd = (text: string) => text.replace(/[. ]+$/u, '');

/**
 * A file name stem (no extension) for `text`, or '' when nothing usable is left. Leading dots go (a hidden file on
 * macOS and Linux); a reserved device name gets a leading "_".
 */
export function safeFileStem(text: string, max = MAX_FILE_NAME - EXTENSION_ROOM): string {
  let stem = text.normalize('NFC').replace(UNSAFE, '_').trim().replace(/^\.+/u, '');
  stem = trimEnd(cut(stem, max));
  if (isReservedDeviceName(stem)) stem = trimEnd(cut(`_${stem}`, max));
  return stem;
}

/** How the file system compares names: macOS and Windows ignore case; macOS also normalises Unicode. */
export function fileNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export interface PlannedName {
  /** The file name without its extension (the photo's content type decides that). */
  stem: string;
  /** For people, when the name is not what was asked for. */
  note: string | null;
}

function nameValue(user: ExportUser, field: ExportNameField): string | null {
  const value = field === 'upn' ? user.userPrincipalName : user[field];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function withNumber(stem: string, n: number): string {
  const suffix = ` (${n})`;
  return `${trimEnd(cut(stem, MAX_FILE_NAME - EXTENSION_ROOM - suffix.length))}${suffix}`;
}

/**
 * One stem per user. Users whose stems compare equal (in any case) are told apart by " (2)", " (3)", ... in the
 * order of their user ids, so the same users always get the same names, whatever order they came in.
 */
export function planFileNames(
  users: readonly ExportUser[],
  field: ExportNameField,
): Map<string, PlannedName> {
  const base = new Map<string, PlannedName>();
  for (const user of users) {
    const wanted = nameValue(user, field);
    const fromField = wanted === null ? '' : safeFileStem(wanted);
    if (fromField !== '') {
      base.set(user.id, { stem: fromField, note: null });
      continue;
    }
    const fromUpn = safeFileStem(user.userPrincipalName);
    const why =
      wanted === null
        ? `The user has no ${NAME_LABELS[field]}`
        : `The ${NAME_LABELS[field]} "${wanted}" has no character a file name can keep`;
    base.set(user.id, {
      stem: fromUpn || safeFileStem(user.id),
      note: field === 'upn' ? null : `${why}, so the file is named by UPN.`,
    });
  }
  const ordered = [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const taken = new Set([...base.values()].map((p) => fileNameKey(p.stem)));
  const first = new Set<string>();
  const out = new Map<string, PlannedName>();
  for (const user of ordered) {
    const planned = base.get(user.id)!;
    const key = fileNameKey(planned.stem);
    if (!first.has(key)) {
      first.add(key);
      out.set(user.id, planned);
      continue;
    }
    let n = 2;
    while (taken.has(fileNameKey(withNumber(planned.stem, n)))) n += 1;
    const stem = withNumber(planned.stem, n);
    taken.add(fileNameKey(stem));
    const shared = `Another user's photo has the same name, so this one is "${stem}".`;
    out.set(user.id, { stem, note: planned.note ? `${planned.note} ${shared}` : shared });
  }
  return out;
}

/** The extension for a photo: by its bytes first (what the file really is), then by its content type. */
export function photoExtension(bytes: Buffer | null, contentType: string | null): '.jpg' | '.png' | '.gif' {
  const format = bytes ? detectFormat(bytes) : null;
  if (format === 'jpeg') return '.jpg';
  if (format === 'png') return '.png';
  if (format === 'gif') return '.gif';
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'image/png') return '.png';
  if (type === 'image/gif') return '.gif';
  return '.jpg';
}
