import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DirectoryFileError,
  fileDirectorySource,
  loadDirectoryFile,
  parseDirectoryJson,
} from './load-directory-file';

const jane = {
  id: 'u1',
  userPrincipalName: 'jane@contoso.com',
  displayName: 'Jane Doe',
  accountEnabled: true,
};
const john = {
  id: 'u2',
  userPrincipalName: 'john@contoso.com',
  displayName: null,
  proxyAddresses: ['SMTP:john@contoso.com'],
};

describe('parseDirectoryJson', () => {
  it('accepts an array and a Graph page, dropping fields it does not use', () => {
    expect(parseDirectoryJson(JSON.stringify([jane, john]))).toEqual([jane, john]);
    const page = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
      value: [{ ...jane, mobilePhone: '+1 555 0100', businessPhones: ['+1 555 0101'] }],
    };
    expect(parseDirectoryJson('\ufeff' + JSON.stringify(page))).toEqual([jane]);
    expect(parseDirectoryJson('[]')).toEqual([]);
  });

  it.each([
    ['{not json', /is not valid JSON/],
    ['{"users": []}', /must hold an array of users or an object with a "value" array/],
    ['null', /must hold an array/],
    ['42', /must hold an array/],
  ])('rejects %j', (text, message) => {
    expect(() => parseDirectoryJson(text, 'users.json')).toThrow(DirectoryFileError);
    expect(() => parseDirectoryJson(text, 'users.json')).toThrow(message);
  });

  it('names every bad entry and loads nothing', () => {
    const text = JSON.stringify([
      jane,
      { id: 'u3' },
      'oops',
      { ...john, accountEnabled: 'yes' },
      { ...jane, id: 'U1' },
    ]);
    let message = '';
    try {
      parseDirectoryJson(text, 'users.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^users\.json has 4 invalid user entries \(nothing was loaded/);
    expect(message).toMatch(/entry 1 \(u3\): userPrincipalName: /);
    expect(message).toMatch(/entry 2: \(entry\): /);
    expect(message).toMatch(/entry 3 \(john@contoso\.com\): accountEnabled: /);
    expect(message).toMatch(/entry 4 \(jane@contoso\.com\): duplicate id U1 \(also entry 0\)/);
  });

  it('caps the list of problems', () => {
    const text = JSON.stringify(Array.from({ length: 25 }, (_, i) => ({ id: `x${i}` })));
    expect(() => parseDirectoryJson(text)).toThrow(/25 invalid user entries[\s\S]*\.\.\. and 15 more/);
  });
});

describe('loadDirectoryFile', () => {
  it('reads a file, and says clearly when it cannot', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-dir-'));
    try {
      const file = path.join(dir, 'users.json');
      await writeFile(file, JSON.stringify({ value: [jane] }));
      expect(await loadDirectoryFile(file)).toEqual([jane]);
      expect(await fileDirectorySource(file).loadUsers()).toEqual([jane]);
      await expect(loadDirectoryFile(path.join(dir, 'nope.json'))).rejects.toThrow(
        /cannot read directory file .*nope\.json: no such file/,
      );
      await expect(loadDirectoryFile(dir)).rejects.toThrow(/it is a folder/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
