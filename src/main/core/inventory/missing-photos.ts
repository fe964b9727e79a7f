/**
 * The missing-photo list: the users without a photo or with a low-resolution one, with what a photographer needs
 * to find them (department, office, manager). Pure; the CSV goes through the one CSV writer.
 */
import { toCsv, type CsvValue } from '../../../shared/csv-write';
import { formatPhotoDimensions } from '../../../shared/format-size';
import {
  PHOTO_STATUS_LABELS,
  filterInventory,
  type InventoryUser,
  type PhotoStatus,
} from '../../../shared/inventory';

/** What the list needs of a manager (core/tenant/groups.ts managersOf gives it). */
export interface ManagerInfo {
  displayName: string | null;
  userPrincipalName: string | null;
}

export interface MissingPhotoRow {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail: string | null;
  employeeId: string | null;
  department: string | null;
  officeLocation: string | null;
  jobTitle: string | null;
  managerDisplayName: string | null;
  managerUserPrincipalName: string | null;
  photoStatus: Extract<PhotoStatus, 'none' | 'low-resolution'>;
  /** "96 × 96" for a low-resolution photo, null for none. */
  photoSize: string | null;
}

export const MISSING_PHOTOS_CSV_HEADER = [
  'displayName',
  'userPrincipalName',
  'mail',
  'employeeId',
  'department',
  'officeLocation',
  'jobTitle',
  'managerDisplayName',
  'managerUserPrincipalName',
  'photoStatus',
  'photoSize',
] as const;

/** The users of `users` who need a photo (none or low resolution), in the order given, with their managers. */
export function missingPhotoRows(
  users: readonly InventoryUser[],
  managers: ReadonlyMap<string, ManagerInfo | null>,
): MissingPhotoRow[] {
  return filterInventory(users, { missing: true }).map((u) => {
    const manager = managers.get(u.id) ?? null;
    return {
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      mail: u.mail,
      employeeId: u.employeeId,
      department: u.department,
      officeLocation: u.officeLocation,
      jobTitle: u.jobTitle,
      managerDisplayName: manager?.displayName ?? null,
      managerUserPrincipalName: manager?.userPrincipalName ?? null,
      photoStatus: u.photoStatus as MissingPhotoRow['photoStatus'],
      photoSize: u.photo ? formatPhotoDimensions(`${u.photo.width}x${u.photo.height}`) : null,
    };
  });
}

/** The list as CSV for people: status in words ("No photo", "Low resolution"), sizes as "96 × 96". */
export function missingPhotosCsv(rows: readonly MissingPhotoRow[]): string {
  return toCsv(
    MISSING_PHOTOS_CSV_HEADER,
    rows.map((r): CsvValue[] => [
      r.displayName,
      r.userPrincipalName,
      r.mail,
      r.employeeId,
      r.department,
      r.officeLocation,
      r.jobTitle,
      r.managerDisplayName,
      r.managerUserPrincipalName,
      PHOTO_STATUS_LABELS[r.photoStatus],
      r.photoSize,
    ]),
  );
}
