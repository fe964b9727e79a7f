/**
 * headshot-export.csv: one row per user of the folder's exports, written through the one CSV writer, and read
 * back on the next export into the same folder so that unchanged photos are not downloaded again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { defuseFormula, toCsv } from '../../../shared/csv-write';
import { parseCsv } from '../library/parse-mapping-csv';
import { writeFileDurable } from '../runs/journal';
import { exportItemSchema, type ExportItem } from './export-schema';

export const EXPORT_MANIFEST_FILE = 'headshot-export.csv';

const COLUMNS = [
  'userId',
  'userPrincipalName',
  'file',
  'requested',
  'size',
  'etag',
  'sha256',
  'status',
  'error',
  'note',
] as const satisfies readonly (keyof ExportItem)[];

export function exportManifestCsv(items: readonly ExportItem[]): string {
  return toCsv(
    COLUMNS,
    items.map((item) => COLUMNS.map((c) => item[c])),
  );
}

export async function writeExportManifest(folder: string, items: readonly ExportItem[]): Promise<string> {
  const file = path.join(folder, EXPORT_MANIFEST_FILE);
  await writeFileDurable(file, exportManifestCsv(items));
  return file;
}

/**
 * The rows of an earlier export, by user id; empty when there is none or it cannot be read (the export then
 * downloads everything again, which is slower but right). Cells come back as the CSV writer wrote them, so
 * compare with `sameCell`.
 */
export async function readExportManifest(folder: string): Promise<Map<string, ExportItem>> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, EXPORT_MANIFEST_FILE), 'utf8');
  } catch {
    return new Map();
  }
  const { records } = parseCsv(text.replace(/^\uFEFF/, ''), ',');
  const [header, ...rows] = records;
  if (!header) return new Map();
  const index = new Map(header.fields.map((name, i) => [name.trim(), i]));
  const out = new Map<string, ExportItem>();
  for (const row of rows) {
    const cell = (name: string) => {
      const i = index.get(name);
      const value = i === undefined ? undefined : row.fields[i];
      return value === undefined || value === '' ? null : value;
    };
    const parsed = exportItemSchema.safeParse({
      ...Object.fromEntries(COLUMNS.map((c) => [c, cell(c)])),
      requested: cell('requested') ?? 'largest',
    });
    if (parsed.success) out.set(parsed.data.userId, parsed.data);
  }
  return out;
}

/** Whether a value read back from the manifest is `value` as written (the writer may have defused a formula). */
export function sameCell(cell: string | null, value: string | null): boolean {
  if (cell === null || value === null) return cell === value;
  return cell === value || cell === defuseFormula(value);
}
