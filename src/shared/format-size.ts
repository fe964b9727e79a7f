/** Sizes written for people: "45 KB", "1.2 MB", and Graph's photo size id "648X648" as "648 × 648". */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${Math.round(kb)} KB`;
  const mb = kb / 1024;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** Graph names a photo's size "648X648" (or "240x240"); people read "648 × 648". Anything else stays as it is. */
export function formatPhotoDimensions(id: string): string {
  const m = /^(\d+)\s*[xX]\s*(\d+)$/.exec(id.trim());
  return m ? `${m[1]} × ${m[2]}` : id;
}
