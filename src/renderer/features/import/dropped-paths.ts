/** What a drop means: a mapping CSV, a folder to import, or image files (their folder is imported). Pure. */
export interface DropPlan {
  folder: string | null;
  mappingCsv: string | null;
  /** Sentences for people about what was ignored or assumed. */
  notes: string[];
}

const IMAGE_EXT = /\.(jpe?g|png|webp|tiff?|gif|avif|heic|heif|bmp)$/i;

export function planDrop(paths: readonly string[]): DropPlan {
  const plan: DropPlan = { folder: null, mappingCsv: null, notes: [] };
  const imageFolders = new Set<string>();
  for (const p of paths) {
    if (!p) continue;
    if (/\.csv$/i.test(p)) {
      if (plan.mappingCsv) plan.notes.push('Only one mapping CSV is used; the first one dropped is kept.');
      else plan.mappingCsv = p;
    } else if (IMAGE_EXT.test(p)) {
      imageFolders.add(p.replace(/[\\/][^\\/]*$/, ''));
    } else if (!plan.folder) {
      plan.folder = p;
    } else {
      plan.notes.push('Only one folder is imported at a time; the first one dropped is used.');
    }
  }
  if (!plan.folder && imageFolders.size > 0) {
    plan.folder = [...imageFolders][0]!;
    plan.notes.push(
      imageFolders.size > 1
        ? 'The photos came from several folders; the first folder is imported.'
        : 'Photos were dropped: their whole folder is imported.',
    );
  }
  if (paths.length > 0 && paths.every((p) => !p)) {
    plan.notes.push('The dropped items have no file paths here. Use "Choose folder…" instead.');
  }
  return plan;
}
