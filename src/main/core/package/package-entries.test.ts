/** packageEntries: which checked file each photo is processed from, with which crop, and who a refused file was for. */
import { describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../shared/domain';
import type { PackageManifest, PackagePhoto } from '../../../shared/handoff-package';
import { FULL_PICTURE, PACKAGE_MISMATCH, packageEntries } from './package-entries';
import type { OpenedPackage } from './open-package';

const directory: GraphUser[] = [
  { id: 'u1', userPrincipalName: 'jane.doe@contoso.com', displayName: 'Jane Doe' },
  { id: 'u2', userPrincipalName: 'kwame.mensah@contoso.com', displayName: 'Kwame Mensah' },
  { id: 'u3', userPrincipalName: 'amy.lu@contoso.com', displayName: 'Amy Lu' },
];
const rect = { strategy: 'rect' as const, rect: { left: 0.1, top: 0, width: 0.6, height: 0.8 } };

function photo(stem: string, withOriginal: boolean): PackagePhoto {
  return {
    file: `photos/${stem}.jpg`,
    sha256: 'a'.repeat(64),
    bytes: 10,
    width: 648,
    height: 648,
    original: withOriginal ? { file: `originals/${stem}.jpg`, sha256: 'b'.repeat(64), bytes: 20 } : null,
    sourceName: `${stem}.jpg`,
    identity: { name: null, email: `${stem}@contoso.com`, upn: null, employeeId: null },
    crop: rect,
    face: null,
    framing: null,
    warnings: [],
  };
}

const jane = photo('jane.doe', true);
const kwame = photo('kwame.mensah', true);
const amy = photo('amy.lu', false);
const manifest = { photos: [jane, kwame, amy], missing: [] } as unknown as PackageManifest;
const opened: OpenedPackage = {
  manifest,
  photos: [
    { photo: jane, path: '/w/photos/jane.doe.jpg', originalPath: '/w/originals/jane.doe.jpg' },
    // Its original was refused: the verified processed photo is used, whole.
    { photo: kwame, path: '/w/photos/kwame.mensah.jpg', originalPath: null },
  ],
  problems: [
    { file: 'originals/kwame.mensah.jpg', reason: 'changed', message: 'changed since it was packaged: x' },
    { file: 'photos/amy.lu.jpg', reason: 'missing', message: 'missing: not there' },
    { file: 'notes.txt', reason: 'extra', message: 'extra: not listed' },
  ],
};

describe('packageEntries', () => {
  it('processes the original with the recorded crop, else the processed photo whole', () => {
    const { entries } = packageEntries(opened, directory);
    expect(entries.map((e) => [e.match.file, e.match.status, e.match.user?.id, e.path, e.crop])).toEqual([
      ['photos/jane.doe.jpg', 'matched', 'u1', '/w/originals/jane.doe.jpg', rect],
      ['photos/kwame.mensah.jpg', 'matched', 'u2', '/w/photos/kwame.mensah.jpg', FULL_PICTURE],
    ]);
  });

  it('lists each refused file with package-mismatch and, when the manifest says, whom it was for', () => {
    const { refused } = packageEntries(opened, directory);
    expect(refused.map((r) => [r.file, r.user?.id ?? null, r.error.code])).toEqual([
      ['originals/kwame.mensah.jpg', 'u2', PACKAGE_MISMATCH],
      ['photos/amy.lu.jpg', 'u3', PACKAGE_MISMATCH],
      ['notes.txt', null, PACKAGE_MISMATCH],
    ]);
    expect(refused[0]!.error.message).toBe(
      'Refused: changed since it was packaged: x. The processed photo photos/kwame.mensah.jpg was verified and is used instead.',
    );
    expect(refused[1]!.error.message).toBe('Refused: missing: not there.');
  });

  it('applies a scope: a photo for someone outside it is outside-scope', () => {
    const { entries } = packageEntries(opened, directory, {
      scope: { userIds: new Set(['u1']), membership: 'a member of Sales' },
    });
    expect(entries.map((e) => e.match.status)).toEqual(['matched', 'outside-scope']);
  });
});
