/**
 * Folder scope, in one place: the paths the renderer may make the main process read or write. A path is granted
 * only when the user gave it (a native dialog, a drop) or the app made it (the demo folder, the preview folder).
 * Every path-taking channel asks here, and so does the image protocol. Checks compare real paths (symlinks
 * resolved on both sides), so a link inside a granted folder that points outside it is refused.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type GrantSource = 'dialog' | 'drop' | 'app';
export type Refusal = 'not-granted' | 'missing';

export class PathGrants {
  private readonly folders = new Map<string, GrantSource>();
  private readonly files = new Map<string, GrantSource>();
  /** Dropped items whose kind (file or folder) is known only once they are checked. */
  private readonly dropped = new Set<string>();

  grantFolder(folder: string, source: GrantSource): void {
    if (!path.isAbsolute(folder)) return;
    this.folders.set(path.resolve(folder), source);
  }

  grantFile(file: string, source: GrantSource): void {
    if (!path.isAbsolute(file)) return;
    this.files.set(path.resolve(file), source);
  }

  /**
   * A path from a real drop (the preload's webUtils.getPathForFile, which only a File from a drop or a file input
   * yields). A dropped folder is granted; a dropped file is granted, and so is its folder when it is an image,
   * because dropping photos imports their whole folder.
   */
  grantDropped(item: string): void {
    if (path.isAbsolute(item)) this.dropped.add(path.resolve(item));
  }

  /** The granted folders (for tests and diagnostics). */
  get grantedFolders(): string[] {
    return [...this.folders.keys()];
  }

  private async settleDrops(): Promise<void> {
    for (const item of [...this.dropped]) {
      this.dropped.delete(item);
      const info = await stat(item).catch(() => null);
      if (!info) continue;
      if (info.isDirectory()) this.grantFolder(item, 'drop');
      else if (info.isFile()) {
        this.grantFile(item, 'drop');
        if (IMAGE_EXTENSION.test(item)) this.grantFolder(path.dirname(item), 'drop');
      }
    }
  }

  /** The real path of `folder` when it is a granted folder or inside one; null otherwise (or when missing). */
  async folder(folder: string): Promise<string | null> {
    const checked = await this.checkFolder(folder);
    return checked.ok ? checked.real : null;
  }

  /**
   * Like folder(), and tells a missing folder inside the scope ('missing': worth saying so) from one outside it
   * ('not-granted': nothing is said about whether it exists).
   */
  async checkFolder(folder: string): Promise<{ ok: true; real: string } | { ok: false; reason: Refusal }> {
    if (!isAbsoluteClean(folder)) return { ok: false, reason: 'not-granted' };
    await this.settleDrops();
    const real = await realpath(folder).catch(() => null);
    if (real && (await this.insideGranted(real))) return { ok: true, real };
    // A missing path has no real spelling: compare as the file system would (macOS ignores case).
    const lexical = path.resolve(folder);
    const caseInsensitive = process.platform === 'darwin';
    const inScope = [...this.folders.keys()].some((granted) =>
      isInside(lexical, granted, { caseInsensitive }),
    );
    return { ok: false, reason: !real && inScope ? 'missing' : 'not-granted' };
  }

  /**
   * Like folder(), but only the folders the user gave count (a dialog, a drop), never one the app made (the
   * preview or demo folder): for writing where the user said, such as a package.
   */
  async chosenFolder(folder: string): Promise<string | null> {
    if (!isAbsoluteClean(folder)) return null;
    await this.settleDrops();
    const real = await realpath(folder).catch(() => null);
    return real && (await this.insideGranted(real, USER_SOURCES)) ? real : null;
  }

  /** The real path of `file` when it was granted itself or lies inside a granted folder; null otherwise. */
  async file(file: string): Promise<string | null> {
    if (!isAbsoluteClean(file)) return null;
    await this.settleDrops();
    const real = await realpath(file).catch(() => null);
    if (!real || !(await stat(real).catch(() => null))?.isFile()) return null;
    for (const granted of this.files.keys()) {
      if ((await realpath(granted).catch(() => null)) === real) return real;
    }
    return (await this.insideGranted(real)) ? real : null;
  }

  private async insideGranted(real: string, sources?: readonly GrantSource[]): Promise<boolean> {
    for (const [granted, source] of this.folders) {
      if (sources && !sources.includes(source)) continue;
      const root = await realpath(granted).catch(() => null);
      if (root && isInside(real, root)) return true;
    }
    return false;
  }
}

const USER_SOURCES: readonly GrantSource[] = ['dialog', 'drop'];

const IMAGE_EXTENSION = /\.(jpe?g|png|webp|tiff?|gif|avif|heic|heif|bmp)$/i;

function isAbsoluteClean(p: string): boolean {
  return typeof p === 'string' && p.length > 0 && !p.includes('\0') && path.isAbsolute(p);
}

export interface InsideOptions {
  /** path.win32 or path.posix; the running system's by default. Tests pass each explicitly. */
  pathApi?: path.PlatformPath;
  /**
   * Compare without case and Unicode normalisation on a posix path API (macOS volumes ignore both). Only for
   * paths that could not go through realpath; real paths already carry the on-disk spelling. path.win32 always
   * ignores case.
   */
  caseInsensitive?: boolean;
}

/**
 * `\\?\C:\x` -> `C:\x` and `\\?\UNC\server\share` -> `\\server\share`: Windows' long-path prefix names
 * the same file as the plain path, so a grant of one must cover the other.
 */
export function withoutLongPathPrefix(p: string): string {
  if (/^\\\\[?.]\\UNC\\/i.test(p)) return `\\\\${p.slice(8)}`;
  if (/^\\\\[?.]\\[a-z]:/i.test(p)) return p.slice(4);
  return p;
}

/** Is `child` the folder `parent` or inside it? Both absolute; a drive or UNC share apart is never inside. */
export function isInside(child: string, parent: string, options: InsideOptions = {}): boolean {
  const api = options.pathApi ?? path;
  const win = api.sep === '\\';
  const spell = (p: string) => {
    const plain = win ? withoutLongPathPrefix(p) : p;
    return options.caseInsensitive && !win ? plain.normalize('NFC').toLowerCase() : plain;
  };
  const relative = api.relative(spell(parent), spell(child));
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${api.sep}`) && !api.isAbsolute(relative))
  );
}
