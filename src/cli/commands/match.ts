/** `headshot match <folder> --directory <file>`: which photo goes to whom, with every doubtful case shown. */
import path from 'node:path';
import { fileDirectorySource } from '../../main/core/library/load-directory-file';
import { isInputError } from '../input-errors';
import { matchFolder } from '../../main/core/matching/match-folder';
import { visibleText } from '../../shared/visible-text';
import { type CliCommand, UsageError, writeJson } from '../io';
import { parseCliArgs, parseMaxDepth } from './scan';
import { describeMappingFile } from '../../shared/mapping-csv';

const usage = `Usage: headshot match <folder> --directory <users.json> [--domain <domain>]... [--mapping <file.csv>]
                      [--include-guests] [--include-disabled] [--max-depth <n>] [--json]

Matches every image in the folder to a directory user by its file name (UPN, mail, proxy address, employee ID,
alias, display name, in that order of strength) or by the mapping CSV, which wins over file names. Two users
behind one name make the file ambiguous; two files for one user make a conflict: Headshot never picks.

Options:
  --directory <file>   Users as JSON: an array of Graph user objects, or { "value": [...] } as Graph returns
  --domain <domain>    Complete bare names with this domain ("jane.doe" -> jane.doe@<domain>); repeatable
  --mapping <file>     CSV with a file column (file/filename/photo) and a user column
                       (upn/userPrincipalName/mail/email/employeeId/id); , ; or tab separated
  --include-guests     Match guest accounts too (excluded by default)
  --include-disabled   Match disabled accounts too (excluded by default)
  --max-depth <n>      Enter at most n levels of subfolders
  --json               Print one JSON document: { "matches": [...], "summary": { "<status>": count } }

Exit status: 0 when the command ran (whatever the matches), 2 on usage or input errors.
`;

export const command: CliCommand = {
  summary: 'Match the photos in a folder to directory users (file names and mapping CSV)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: {
        directory: { type: 'string' },
        domain: { type: 'string', multiple: true },
        mapping: { type: 'string' },
        'include-guests': { type: 'boolean', default: false },
        'include-disabled': { type: 'boolean', default: false },
        'max-depth': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one folder');
    if (!values.directory) throw new UsageError('--directory <users.json> is required');
    const maxDepth = parseMaxDepth(values['max-depth']);
    const resolve = (p: string) => path.resolve(io.cwd, p);

    let report;
    try {
      const directory = await fileDirectorySource(resolve(values.directory)).loadUsers({ signal: io.signal });
      report = await matchFolder({
        folder: resolve(positionals[0] as string),
        directory,
        domains: values.domain,
        mappingCsv: values.mapping ? resolve(values.mapping) : undefined,
        includeGuests: values['include-guests'],
        includeDisabled: values['include-disabled'],
        maxDepth,
        signal: io.signal,
      });
    } catch (error) {
      if (isInputError(error)) {
        io.stderr(`headshot match: ${error.message}\n`);
        return 2;
      }
      throw error;
    }

    // Bad mapping rows go to stderr so that --json stdout stays exactly one document. Text lines show hidden
    // characters escaped (a name cannot pose as another, nor break a line); the JSON keeps the real names.
    for (const e of report.mappingErrors)
      io.stderr(`headshot match: mapping row ${e.row}: ${visibleText(e.message)}\n`);
    if (report.mappingFile) io.stderr(`headshot match: ${describeMappingFile(report.mappingFile)}\n`);
    if (values.json) {
      writeJson(io, { matches: report.matches, summary: report.summary });
      return 0;
    }
    for (const m of report.matches) {
      const who = m.user ? ` -> ${m.user.userPrincipalName}${m.method ? ` (${m.method})` : ''}` : '';
      io.stdout(`${m.status.padEnd(9)} ${visibleText(m.file)}${who}\n          ${visibleText(m.reason)}\n`);
    }
    const counts = Object.entries(report.summary)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${status}`);
    io.stdout(`${counts.join(', ') || 'no files'}\n`);
    return 0;
  },
};
