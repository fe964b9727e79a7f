import type { InventoryUser } from '../../../shared/inventory';
import { MISSING_PHOTOS_CSV_HEADER, missingPhotoRows, missingPhotosCsv } from './missing-photos';

function user(id: string, patch: Partial<InventoryUser> = {}): InventoryUser {
  return {
    id,
    userPrincipalName: `${id}@contoso.com`,
    displayName: id.toUpperCase(),
    mail: `${id}@contoso.com`,
    employeeId: null,
    jobTitle: 'Engineer',
    department: 'Sales',
    companyName: null,
    officeLocation: 'Oslo',
    country: null,
    accountEnabled: true,
    userType: 'Member',
    licensed: true,
    photo: null,
    photoStatus: 'none',
    photoError: null,
    photoReadAt: '2026-12-02T10:00:00Z',
    headshotRun: null,
    ...patch,
  };
}

const users = [
  user('ann'),
  user('bob', {
    photo: { width: 96, height: 96, contentType: 'image/jpeg', etag: 'e1' },
    photoStatus: 'low-resolution',
  }),
  user('cy', {
    photo: { width: 648, height: 648, contentType: 'image/jpeg', etag: 'e2' },
    photoStatus: 'present',
  }),
  user('dee', { photoStatus: 'unreadable', photoError: 'x' }),
  user('=evil', { department: '=HYPERLINK("http://x")' }),
];

test('the users without a photo or with a low-resolution one, with their managers', () => {
  const managers = new Map([
    ['ann', { id: 'm', displayName: 'Mia Manager', userPrincipalName: 'mia@contoso.com' }],
    ['bob', null],
  ]);
  const rows = missingPhotoRows(users, managers);
  expect(rows.map((r) => r.id)).toEqual(['ann', 'bob', '=evil']);
  expect(rows[0]).toMatchObject({
    managerDisplayName: 'Mia Manager',
    managerUserPrincipalName: 'mia@contoso.com',
    photoStatus: 'none',
    photoSize: null,
    officeLocation: 'Oslo',
  });
  expect(rows[1]).toMatchObject({
    managerDisplayName: null,
    photoStatus: 'low-resolution',
    photoSize: '96 × 96',
  });
});

test('the CSV: the photographer columns, words for people, formulas defused', () => {
  const csv = missingPhotosCsv(missingPhotoRows(users, new Map()));
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe(MISSING_PHOTOS_CSV_HEADER.map((h) => `"${h}"`).join(','));
  expect(lines).toHaveLength(4);
  expect(lines[1]).toContain('"No photo"');
  expect(lines[2]).toContain('"Low resolution","96 × 96"');
  expect(lines[3]).toContain(`"'=HYPERLINK(""http://x"")"`);
});
