import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { csvCell } from './report';
import { Journal, readJournal } from './journal';

describe('report CSV cells', () => {
  it('quotes separators and quotes, and defuses spreadsheet formulas', () => {
    expect(csvCell('plain.jpg')).toBe('plain.jpg');
    expect(csvCell('Doe, Jane.jpg')).toBe('"Doe, Jane.jpg"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(false)).toBe('false');
  });
});

describe('journal', () => {
  it('group-commits appends durably and cuts a torn tail when reopened', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-journal-'));
    const file = path.join(dir, 'j.jsonl');
    const j = Journal.open(file);
    await Promise.all([j.append({ n: 1 }), j.append({ n: 2 }), j.append({ n: 3 })]);
    await j.close();
    await fs.appendFile(file, '{"n":4,"tor');
    expect(await readJournal(file)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const again = Journal.open(file);
    await again.append({ n: 5 });
    await again.close();
    expect(await readJournal(file)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 5 }]);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
