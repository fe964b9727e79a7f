import type { GraphUser } from '../../../shared/domain';
import { parseUsersCsv } from '../library/parse-users-csv';
import { resolveUserList } from './resolve-user-list';
import { ALEX, DIRECTORY, JANE, JOHN_1, OLD, PAT_GUEST } from '../../../../test/support/test-directory';

const resolve = (csv: string, directory: GraphUser[] = DIRECTORY) =>
  resolveUserList(parseUsersCsv(csv).rows, directory);

describe('resolveUserList', () => {
  it('finds users by object id, UPN, mail, proxy address and employee ID, as the mapping CSV does', () => {
    const { users, errors } = resolve(
      [
        'user',
        'U-JOHN1', // object id, any case
        'old.timer@contoso.com', // UPN of a disabled account: a leaver is still found
        'jdoe@contoso.com', // an smtp proxy address
        'pat.lee@fabrikam.com', // a guest's mail
        'E-77', // employee ID
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(users).toEqual([JOHN_1, OLD, JANE, PAT_GUEST, ALEX]);
  });

  it('keys on the column: an id column is only an object id, an employeeId column only an employee ID', () => {
    expect(resolve('id\n00123\nu-jane\n')).toEqual({
      users: [JANE],
      errors: [{ row: 2, value: '00123', message: '"00123" names nobody in the directory' }],
    });
    expect(resolve('employeeId\n123\n').users).toEqual([JANE]); // numeric IDs ignore leading zeros
  });

  it('lists each user once, in the order the file first names them', () => {
    const { users, errors } = resolve('user\njane.doe@contoso.com\nE-77\nu-jane\n00123\n');
    expect(errors).toEqual([]);
    expect(users.map((u) => u.id)).toEqual(['u-jane', 'u-alex']);
  });

  it('says which rows name nobody and which name several people, and resolves the rest', () => {
    const twin = {
      ...JOHN_1,
      id: 'u-twin',
      userPrincipalName: 'twin@contoso.com',
      mail: null,
      proxyAddresses: [],
    };
    const directory = [...DIRECTORY, { ...twin, employeeId: '2001', displayName: 'John Smith' }];
    const { users, errors } = resolve(
      'upn;employeeId\nnobody@contoso.com;\n;2001\njane.doe@contoso.com;\n',
      directory,
    );
    expect(users).toEqual([JANE]);
    expect(errors).toEqual([
      { row: 2, value: 'nobody@contoso.com', message: '"nobody@contoso.com" names nobody in the directory' },
      {
        row: 3,
        value: '2001',
        message: '"2001" matches 2 users: John Smith (john.smith@contoso.com); John Smith (twin@contoso.com)',
      },
    ]);
  });
});
