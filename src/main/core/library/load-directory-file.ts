/**
 * Directory users from a JSON file: an array of Graph user objects, or `{ "value": [...] }` as Graph returns a
 * page. Every entry must pass graphUserSchema: one bad entry fails the whole file, because dropping it could
 * turn an ambiguous name (two John Smiths) into a confident match on the one that was left.
 */
import { readFile } from 'node:fs/promises';
import { type GraphUser, graphUserSchema } from '../../../shared/domain';

/** Where the matcher gets its users: this JSON file, or the live tenant (the Graph layer implements it). */
export interface DirectorySource {
  /** For messages: "directory file users.json", "tenant contoso.onmicrosoft.com". */
  readonly label: string;
  loadUsers(opts?: { signal?: AbortSignal }): Promise<GraphUser[]>;
  /** The tenant's verified domains, when the source knows them (used to complete bare local parts). */
  verifiedDomains?(opts?: { signal?: AbortSignal }): Promise<string[]>;
}

/** The file cannot be used; the message says why (the CLI prints it and exits 2). */
export class DirectoryFileError extends Error {
  override name = 'DirectoryFileError';
}

const MAX_LISTED = 10;

export function fileDirectorySource(path: string): DirectorySource {
  return { label: `directory file ${path}`, loadUsers: () => loadDirectoryFile(path) };
}

export async function loadDirectoryFile(path: string): Promise<GraphUser[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new DirectoryFileError(`cannot read directory file ${path}: ${why}`);
  }
  return parseDirectoryJson(text, `directory file ${path}`);
}

export function parseDirectoryJson(text: string, source = 'directory file'): GraphUser[] {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new DirectoryFileError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const entries: unknown = Array.isArray(data) ? data : (data as { value?: unknown } | null)?.value;
  if (!Array.isArray(entries)) {
    throw new DirectoryFileError(
      `${source} must hold an array of users or an object with a "value" array (as Graph returns)`,
    );
  }

  const users: GraphUser[] = [];
  const problems: string[] = [];
  const seenIds = new Map<string, number>();
  entries.forEach((entry: unknown, i) => {
    const parsed = graphUserSchema.safeParse(entry);
    const label = describeEntry(entry, i);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`,
      );
      problems.push(`${label}: ${issues.join('; ')}`);
      return;
    }
    const id = parsed.data.id.toLowerCase();
    const earlier = seenIds.get(id);
    if (earlier !== undefined) {
      problems.push(`${label}: duplicate id ${parsed.data.id} (also entry ${earlier})`);
      return;
    }
    seenIds.set(id, i);
    users.push(parsed.data);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_LISTED).map((p) => `  ${p}`);
    if (problems.length > MAX_LISTED) shown.push(`  ... and ${problems.length - MAX_LISTED} more`);
    throw new DirectoryFileError(
      `${source} has ${problems.length} invalid user ${problems.length === 1 ? 'entry' : 'entries'} (nothing was loaded, so no match rests on a partial directory):\n${shown.join('\n')}`,
    );
  }
  return users;
}

function describeEntry(entry: unknown, i: number): string {
  const e = entry as { id?: unknown; userPrincipalName?: unknown } | null;
  const name =
    typeof e?.userPrincipalName === 'string' ? e.userPrincipalName : typeof e?.id === 'string' ? e.id : null;
  return name ? `entry ${i} (${name})` : `entry ${i}`;
}
