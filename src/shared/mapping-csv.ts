/**
 * What the import summary says about the mapping CSV it read: the text encoding it was decoded from (Excel writes
 * several), its delimiter and how many rows it gave. One schema for main, IPC, renderer and CLI.
 */
import { z } from 'zod';

export const mappingEncodingSchema = z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']);
export type MappingEncoding = z.infer<typeof mappingEncodingSchema>;

export const mappingFileSummarySchema = z.object({
  encoding: mappingEncodingSchema,
  delimiter: z.enum([',', ';', '\t']),
  /** Rows that passed the file's own checks (the matcher may still refuse some). */
  rows: z.number().int().nonnegative(),
});
export type MappingFileSummary = z.infer<typeof mappingFileSummarySchema>;

/** For people: the encoding's name and the Excel "Save as" type that writes it. */
export const MAPPING_ENCODING_LABELS: Record<MappingEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (Excel "CSV UTF-8")',
  'utf-16le': 'UTF-16 (Excel "Unicode Text")',
  'utf-16be': 'UTF-16 big-endian',
  'windows-1252': 'Windows-1252 (Excel "CSV" on a Western-language Windows)',
};

export const MAPPING_DELIMITER_LABELS: Record<MappingFileSummary['delimiter'], string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
};

/** The import summary's sentence about the mapping CSV (app and command line say the same). */
export function describeMappingFile(file: MappingFileSummary): string {
  const rows = `${file.rows} ${file.rows === 1 ? 'row' : 'rows'}`;
  const how = `Mapping CSV: ${rows}, read as ${MAPPING_ENCODING_LABELS[file.encoding]}, separated by ${MAPPING_DELIMITER_LABELS[file.delimiter]}.`;
  // Windows-1252 is a guess from bytes that are not UTF-8; say how to make it certain.
  return file.encoding === 'windows-1252'
    ? `${how} If names with accents look wrong, save the file from Excel as "CSV UTF-8" and import it again.`
    : how;
}
