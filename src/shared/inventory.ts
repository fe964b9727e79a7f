/**
 * The tenant's photo inventory: every user with the state of their profile photo, as the People screen and
 * `headshot inventory` show it. Pure (zod only): the one schema of a row, the filters, search and sort, the
 * summary, and the CSV columns, so the app and the CLI say the same thing.
 */
import { z } from 'zod';
import { toCsv, type CsvValue } from './csv-write';
import { foldText, searchTerms } from './text-fold';

/** Microsoft's recommended size and the largest Graph keeps: a largest side below it is "low resolution". */
export const FULL_PHOTO_SIZE = 648;

export const inventoryPhotoSchema = z.object({
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  contentType: z.string().nullable(),
  etag: z.string().nullable(),
});
export type InventoryPhoto = z.infer<typeof inventoryPhotoSchema>;

/** none: no photo (any 404 on the photo route); unreadable: the read failed for another reason (see photoError). */
export const photoStatusSchema = z.enum(['none', 'present', 'low-resolution', 'unreadable']);
export type PhotoStatus = z.infer<typeof photoStatusSchema>;

export const PHOTO_STATUS_LABELS: Record<PhotoStatus, string> = {
  none: 'No photo',
  present: 'Photo',
  'low-resolution': 'Low resolution',
  unreadable: 'Could not be read',
};

export const inventoryUserSchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string().nullable(),
  mail: z.string().nullable(),
  employeeId: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  companyName: z.string().nullable(),
  officeLocation: z.string().nullable(),
  country: z.string().nullable(),
  accountEnabled: z.boolean().nullable(),
  /** 'Member' or 'Guest'. */
  userType: z.string().nullable(),
  /** Has at least one licence assigned (null: the directory did not say). */
  licensed: z.boolean().nullable(),
  photo: inventoryPhotoSchema.nullable(),
  photoStatus: photoStatusSchema,
  /** Why the photo could not be read, in words for people (unreadable only). */
  photoError: z.string().nullable(),
  /** When the photo was last read (ISO time); null before the first read. */
  photoReadAt: z.string().nullable(),
  /** The Headshot run that set the current photo (its manifest entry still matches the etag), if any. */
  headshotRun: z.object({ runId: z.string(), at: z.string() }).nullable(),
});
export type InventoryUser = z.infer<typeof inventoryUserSchema>;

export const inventorySummarySchema = z.object({
  users: z.number().int(),
  withPhoto: z.number().int(),
  withoutPhoto: z.number().int(),
  lowResolution: z.number().int(),
  unreadable: z.number().int(),
  /** The oldest photo read among the rows (ISO), null when none was read. */
  oldestRead: z.string().nullable(),
});
export type InventorySummary = z.infer<typeof inventorySummarySchema>;

export const inventoryDocumentSchema = z.object({
  tenantId: z.string(),
  users: z.array(inventoryUserSchema),
  summary: inventorySummarySchema,
});
export type InventoryDocument = z.infer<typeof inventoryDocumentSchema>;

/** What a photo's metadata says about it: none, present, or low resolution (largest side under 648 px). */
export function photoStatusOf(photo: InventoryPhoto | null): Exclude<PhotoStatus, 'unreadable'> {
  if (!photo) return 'none';
  return Math.max(photo.width, photo.height) < FULL_PHOTO_SIZE ? 'low-resolution' : 'present';
}

const text = z.string().max(200);

/** The filters of the People screen and `headshot inventory --filter`; every one given must hold. */
export const inventoryFilterSchema = z
  .object({
    photo: z.array(photoStatusSchema).max(4).optional(),
    /** "Missing": no photo or a low-resolution one (the photographer's list). */
    missing: z.boolean().optional(),
    department: text.optional(),
    company: text.optional(),
    office: text.optional(),
    country: text.optional(),
    /** The UPN's domain, e.g. contoso.com. */
    domain: text.optional(),
    enabled: z.boolean().optional(),
    licensed: z.boolean().optional(),
    /** Free-text search over name, UPN, mail, employee ID, department and office (case and accents ignored). */
    query: text.optional(),
  })
  .strict();
export type InventoryFilter = z.infer<typeof inventoryFilterSchema>;

const same = (a: string | null, b: string) => a !== null && foldText(a) === foldText(b);

/** True when `user` passes every filter given (and, when `members` is given, is one of them: a group's scope). */
export function matchesInventoryFilter(
  user: InventoryUser,
  filter: InventoryFilter,
  members?: ReadonlySet<string>,
): boolean {
  if (members && !members.has(user.id)) return false;
  if (filter.photo && filter.photo.length > 0 && !filter.photo.includes(user.photoStatus)) return false;
  if (filter.missing && user.photoStatus !== 'none' && user.photoStatus !== 'low-resolution') return false;
  if (filter.department && !same(user.department, filter.department)) return false;
  if (filter.company && !same(user.companyName, filter.company)) return false;
  if (filter.office && !same(user.officeLocation, filter.office)) return false;
  if (filter.country && !same(user.country, filter.country)) return false;
  if (filter.domain && !same(user.userPrincipalName.split('@')[1] ?? null, filter.domain.replace(/^@/, '')))
    return false;
  if (filter.enabled !== undefined && (user.accountEnabled !== false) !== filter.enabled) return false;
  if (filter.licensed !== undefined && user.licensed !== filter.licensed) return false;
  if (filter.query) {
    const terms = searchTerms(filter.query);
    const hay = foldText(
      [
        user.displayName,
        user.userPrincipalName,
        user.mail,
        user.employeeId,
        user.department,
        user.officeLocation,
      ]
        .filter(Boolean)
        .join(' '),
    );
    if (!terms.every((t) => hay.includes(t))) return false;
  }
  return true;
}

export function filterInventory(
  users: readonly InventoryUser[],
  filter: InventoryFilter,
  members?: ReadonlySet<string>,
): InventoryUser[] {
  return users.filter((u) => matchesInventoryFilter(u, filter, members));
}

export const INVENTORY_SORT_KEYS = [
  'displayName',
  'userPrincipalName',
  'department',
  'officeLocation',
  'photoStatus',
  'photoSize',
] as const;
export type InventorySortKey = (typeof INVENTORY_SORT_KEYS)[number];

const STATUS_ORDER: Record<PhotoStatus, number> = {
  none: 0,
  'low-resolution': 1,
  unreadable: 2,
  present: 3,
};

function sortValue(user: InventoryUser, key: InventorySortKey): string | number {
  switch (key) {
    case 'photoStatus':
      return STATUS_ORDER[user.photoStatus];
    case 'photoSize':
      return user.photo ? Math.max(user.photo.width, user.photo.height) : -1;
    default:
      return foldText(user[key] ?? '');
  }
}

/** A stable sort by `key` (empty values last when ascending), then by UPN. */
export function sortInventory(
  users: readonly InventoryUser[],
  key: InventorySortKey,
  direction: 'ascending' | 'descending' = 'ascending',
): InventoryUser[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...users].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va !== vb) {
      if (va === '') return 1;
      if (vb === '') return -1;
      return (va < vb ? -1 : 1) * sign;
    }
    return a.userPrincipalName.localeCompare(b.userPrincipalName);
  });
}

export function summarizeInventory(users: readonly InventoryUser[]): InventorySummary {
  let oldest: string | null = null;
  const count = (s: PhotoStatus) => users.filter((u) => u.photoStatus === s).length;
  for (const u of users) if (u.photoReadAt && (!oldest || u.photoReadAt < oldest)) oldest = u.photoReadAt;
  return {
    users: users.length,
    withPhoto: count('present') + count('low-resolution'),
    withoutPhoto: count('none'),
    lowResolution: count('low-resolution'),
    unreadable: count('unreadable'),
    oldestRead: oldest,
  };
}

/** The CSV of an inventory (the People screen's export and `headshot inventory --csv`): header, then one row each. */
export const INVENTORY_CSV_HEADER = [
  'id',
  'userPrincipalName',
  'displayName',
  'mail',
  'employeeId',
  'jobTitle',
  'department',
  'companyName',
  'officeLocation',
  'country',
  'accountEnabled',
  'userType',
  'licensed',
  'photoStatus',
  'photoWidth',
  'photoHeight',
  'photoContentType',
  'photoEtag',
  'photoReadAt',
  'headshotRunId',
] as const;

export function inventoryCsvRow(u: InventoryUser): CsvValue[] {
  return [
    u.id,
    u.userPrincipalName,
    u.displayName,
    u.mail,
    u.employeeId,
    u.jobTitle,
    u.department,
    u.companyName,
    u.officeLocation,
    u.country,
    u.accountEnabled,
    u.userType,
    u.licensed,
    u.photoStatus,
    u.photo?.width ?? null,
    u.photo?.height ?? null,
    u.photo?.contentType ?? null,
    u.photo?.etag ?? null,
    u.photoReadAt,
    u.headshotRun?.runId ?? null,
  ];
}

/** The whole CSV file (through the one CSV writer: quoted, formulas defused, BOM for Excel). */
export function inventoryCsv(users: readonly InventoryUser[]): string {
  return toCsv(INVENTORY_CSV_HEADER, users.map(inventoryCsvRow));
}
