import path from 'node:path';

/**
 * The folders the user picked with dialog:chooseFolder in this session. Channels that read the disk for the
 * renderer (library:scan) accept only these and their subfolders, so a compromised renderer cannot walk the disk.
 */
export class ChosenFolders {
  private readonly folders = new Set<string>();

  add(folder: string): void {
    this.folders.add(path.resolve(folder));
  }

  /** Is `folder` one of the chosen folders or inside one? */
  contains(folder: string): boolean {
    const resolved = path.resolve(folder);
    for (const chosen of this.folders) {
      const relative = path.relative(chosen, resolved);
      if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return true;
    }
    return false;
  }
}
