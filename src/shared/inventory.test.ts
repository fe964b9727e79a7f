import { describe, expect, it } from 'vitest';
import {
  INVENTORY_CSV_HEADER,
  filterInventory,
  inventoryCsv,
  inventoryUserSchema,
  photoStatusOf,
  sortInventory,
  summarizeInventory,
  type InventoryUser,
} from './inventory';

function person(id: string, over: Partial<InventoryUser> = {}): InventoryUser {
  const photo =
    over.photo === undefined ? { width: 648, height: 648, contentType: 'image/jpeg', etag: 'e' } : over.photo;
  return inventoryUserSchema.parse({
    id,
    userPrincipalName: `${id}@contoso.com`,
    displayName: id,
    mail: `${id}@contoso.com`,
    employeeId: null,
    jobTitle: null,
    department: null,
    companyName: null,
    officeLocation: null,
    country: null,
    accountEnabled: true,
    userType: 'Member',
    licensed: true,
    photoStatus: photoStatusOf(photo),
    photoError: null,
    photoReadAt: '2026-12-01T10:00:00.000Z',
    headshotRun: null,
    ...over,
    photo,
  });
}

const people = [
  person('ann', { department: 'Sales', officeLocation: 'Zürich', country: 'Switzerland' }),
  person('bob', { photo: null, department: 'sales', accountEnabled: false }),
  person('cy', { photo: { width: 96, height: 96, contentType: 'image/jpeg', etag: 'x' }, licensed: false }),
  person('dee', { userPrincipalName: 'dee@fabrikam.com', department: 'Engineering' }),
  person('eve', {
    photo: null,
    photoStatus: 'unreadable',
    photoError: 'Microsoft 365 did not answer.',
    photoReadAt: '2026-11-30T08:00:00.000Z',
  }),
];

describe('photo status', () => {
  it('is none without a photo, low resolution when the largest side is under 648, else present', () => {
    expect(photoStatusOf(null)).toBe('none');
    expect(photoStatusOf({ width: 120, height: 647, contentType: null, etag: null })).toBe('low-resolution');
    expect(photoStatusOf({ width: 648, height: 400, contentType: null, etag: null })).toBe('present');
  });
});

describe('filters', () => {
  const ids = (f: Parameters<typeof filterInventory>[1], members?: Set<string>) =>
    filterInventory(people, f, members).map((u) => u.id);
  it('by photo status, and "missing" as none or low resolution', () => {
    expect(ids({ photo: ['none'] })).toEqual(['bob']);
    expect(ids({ missing: true })).toEqual(['bob', 'cy']);
    expect(ids({ photo: ['unreadable', 'present'] })).toEqual(['ann', 'dee', 'eve']);
  });
  it('by department, office and country ignoring case and accents; by domain; enabled; licensed', () => {
    expect(ids({ department: 'SALES' })).toEqual(['ann', 'bob']);
    expect(ids({ office: 'zurich', country: 'switzerland' })).toEqual(['ann']);
    expect(ids({ domain: '@fabrikam.com' })).toEqual(['dee']);
    expect(ids({ enabled: false })).toEqual(['bob']);
    expect(ids({ licensed: false })).toEqual(['cy']);
    expect(ids({ department: 'Sales', enabled: true })).toEqual(['ann']);
  });
  it('by search words over name, UPN, department and office, and by a group’s members', () => {
    expect(ids({ query: 'zur ann' })).toEqual(['ann']);
    expect(ids({ query: 'engineering' })).toEqual(['dee']);
    expect(ids({}, new Set(['cy', 'eve']))).toEqual(['cy', 'eve']);
  });
});

describe('sort and summary', () => {
  it('sorts by photo status (missing first) and by size, ties by UPN', () => {
    expect(sortInventory(people, 'photoStatus').map((u) => u.id)).toEqual(['bob', 'cy', 'eve', 'ann', 'dee']);
    expect(sortInventory(people, 'photoSize', 'descending').map((u) => u.id)).toEqual([
      'ann',
      'dee',
      'cy',
      'bob',
      'eve',
    ]);
  });
  it('puts empty values last', () => {
    expect(sortInventory(people, 'department').map((u) => u.id)).toEqual(['dee', 'ann', 'bob', 'cy', 'eve']);
  });
  it('counts each status and the oldest read', () => {
    expect(summarizeInventory(people)).toEqual({
      users: 5,
      withPhoto: 3,
      withoutPhoto: 1,
      lowResolution: 1,
      unreadable: 1,
      oldestRead: '2026-11-30T08:00:00.000Z',
    });
  });
});

describe('CSV', () => {
  it('writes the header and one row per user, with formulas defused', () => {
    const csv = inventoryCsv([person('x', { department: '=HYPERLINK("evil")' })]);
    const lines = csv
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(INVENTORY_CSV_HEADER.map((h) => `"${h}"`).join(','));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""evil"")"`);
    expect(lines[1]).toContain(',648,648,');
  });
});
