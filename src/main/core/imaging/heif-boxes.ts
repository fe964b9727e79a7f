/**
 * Just enough ISO-BMFF box walking to answer one question about a HEIF file: does the container carry its own
 * orientation (`irot`/`imir` item properties)? libheif applies those while decoding. When they are absent, the
 * EXIF Orientation is the only record of how the photo was held (older libheif encoders and some iOS edits write
 * only EXIF), so the pipeline applies it instead. Never both: that would rotate twice.
 */
interface Box {
  type: string;
  start: number;
  /** First byte of the payload. */
  body: number;
  end: number;
}

function* boxes(b: Buffer, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > end) return;
      size = Number(b.readBigUInt64BE(at + 8));
      body = at + 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < body - at || at + size > end) return;
    yield { type, start: at, body, end: at + size };
    at += size;
  }
}

function child(b: Buffer, parent: { body: number; end: number }, type: string, skip = 0): Box | undefined {
  for (const box of boxes(b, parent.body + skip, parent.end)) if (box.type === type) return box;
  return undefined;
}

export function hasHeifTransformations(b: Buffer): boolean {
  const meta = child(b, { body: 0, end: b.length }, 'meta');
  if (!meta) return false;
  // `meta` is a full box: 4 bytes of version and flags before its children.
  const iprp = child(b, meta, 'iprp', 4);
  const ipco = iprp && child(b, iprp, 'ipco');
  if (!ipco) return false;
  for (const property of boxes(b, ipco.body, ipco.end)) {
    if (property.type === 'irot' || property.type === 'imir') return true;
  }
  return false;
}
