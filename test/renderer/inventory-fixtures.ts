/** Inventory rows for the People screen's tests: a user with a given photo state, and a small varied tenant. */
import { summarizeInventory, type InventoryUser, type PhotoStatus } from '../../src/shared/inventory';
import type { InventoryLoadOutput } from '../../src/shared/ipc-people';

export function person(id: string, status: PhotoStatus, extra: Partial<InventoryUser> = {}): InventoryUser {
  const size = status === 'present' ? 648 : status === 'low-resolution' ? 240 : 0;
  return {
    id,
    userPrincipalName: `${id}@contoso.com`,
    displayName: id.replace(/^./, (c) => c.toUpperCase()),
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
    photo: size > 0 ? { width: size, height: size, contentType: 'image/jpeg', etag: `"${id}"` } : null,
    photoStatus: status,
    photoError: status === 'unreadable' ? 'Microsoft 365 did not answer in time.' : null,
    photoReadAt: '2026-12-01T09:00:00.000Z',
    headshotRun: null,
    ...extra,
  };
}

/** Eight users: photos, none, low resolution, unreadable; two departments, two domains, a disabled one. */
export const TENANT: InventoryUser[] = [
  person('ada', 'present', {
    department: 'Sales',
    officeLocation: 'London',
    country: 'UK',
    companyName: 'Contoso',
    headshotRun: { runId: 'run-7', at: '2026-11-20T10:00:00.000Z' },
  }),
  person('bob', 'none', {
    department: 'Sales',
    officeLocation: 'Paris',
    country: 'France',
    companyName: 'Contoso',
  }),
  person('cy', 'low-resolution', {
    department: 'Engineering',
    officeLocation: 'London',
    country: 'UK',
    companyName: 'Fabrikam',
  }),
  person('dee', 'unreadable', { department: 'Engineering', officeLocation: 'Berlin', country: 'Germany' }),
  person('eve', 'none', {
    department: 'Engineering',
    officeLocation: 'Berlin',
    accountEnabled: false,
    licensed: false,
  }),
  person('finn', 'present', { department: 'Sales', userPrincipalName: 'finn@fabrikam.com' }),
  person('gus', 'present', { department: 'Marketing', displayName: 'Zoë Müller' }),
  person('hal', 'none', { department: null, licensed: false }),
];

export function loadOutput(
  users: InventoryUser[] = TENANT,
  extra: Partial<InventoryLoadOutput> = {},
): InventoryLoadOutput {
  return {
    document: { tenantId: 'tid', users, summary: summarizeInventory(users) },
    loadedAt: '2026-12-02T09:30:00.000Z',
    photosRead: 3,
    throttled: 0,
    ...extra,
  };
}
