import { describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../shared/domain';
import type { PackagePhoto, RosterIdentity } from '../../../shared/handoff-package';
import { matchPackage } from './match-package';

const directory: GraphUser[] = [
  {
    id: 'u1',
    userPrincipalName: 'jane@contoso.com',
    displayName: 'Jane Doe',
    mail: 'jane.doe@contoso.com',
    employeeId: '0042',
  },
  {
    id: 'u2',
    userPrincipalName: 'bob@contoso.com',
    displayName: 'Bob Stone',
    proxyAddresses: ['smtp:robert@contoso.com'],
  },
  { id: 'u3', userPrincipalName: 'ann1@contoso.com', displayName: 'Ann Lee', employeeId: 'E-9' },
  { id: 'u4', userPrincipalName: 'ann2@contoso.com', displayName: 'Ann Lee' },
  {
    id: 'u5',
    userPrincipalName: 'guest#EXT#@contoso.com',
    displayName: 'Gus Guest',
    mail: 'gus@other.com',
    userType: 'Guest',
  },
  { id: 'u6', userPrincipalName: 'zoe@contoso.com', displayName: 'Zoe Zed' },
];

const none: RosterIdentity = { name: null, email: null, upn: null, employeeId: null };
const photo = (file: string, identity: Partial<RosterIdentity>): PackagePhoto => ({
  file,
  sha256: '0'.repeat(64),
  bytes: 1,
  width: 648,
  height: 648,
  original: null,
  sourceName: file,
  identity: { ...none, ...identity },
  crop: { strategy: 'rect', rect: { left: 0.1, top: 0, width: 0.5, height: 0.75 } },
  face: null,
  framing: null,
  warnings: [],
});

describe('matchPackage', () => {
  it('matches UPN, then mail and proxy, then employee ID, then a unique display name', () => {
    const results = matchPackage(
      [
        photo('a.jpg', { upn: 'JANE@contoso.com', name: 'Someone Else' }),
        photo('b.jpg', { email: 'robert@contoso.com' }),
        photo('c.jpg', { employeeId: 'e-9', name: 'Zoe Zed' }),
        photo('d.jpg', { name: 'Zoe Zed' }),
      ],
      directory,
    );
    expect(results.map((r) => [r.file, r.status, r.user?.id ?? null, r.method])).toEqual([
      ['a.jpg', 'matched', 'u1', 'upn'],
      ['b.jpg', 'matched', 'u2', 'mail'],
      ['c.jpg', 'matched', 'u3', 'employeeId'],
      ['d.jpg', 'matched', 'u6', 'displayName'],
    ]);
    expect(results[0]!.crop).toEqual({
      strategy: 'rect',
      rect: { left: 0.1, top: 0, width: 0.5, height: 0.75 },
    });
  });

  it('never guesses: an unknown address stays unmatched even when the name is in the directory', () => {
    const [r] = matchPackage([photo('x.jpg', { email: 'zoe@elsewhere.com', name: 'Zoe Zed' })], directory);
    expect(r).toMatchObject({ status: 'unmatched', user: null, candidates: [] });
    expect(r!.reason).toMatch(/zoe@elsewhere.com/);
  });

  it('leaves a shared name ambiguous and a guest-only address unmatched', () => {
    const [shared, guest] = matchPackage(
      [photo('ann.jpg', { name: 'Ann Lee' }), photo('gus.jpg', { email: 'gus@other.com' })],
      directory,
    );
    expect(shared).toMatchObject({ status: 'ambiguous', user: null });
    expect(shared!.candidates.map((c) => c.id)).toEqual(['u3', 'u4']);
    expect(guest).toMatchObject({ status: 'unmatched', user: null });
    expect(guest!.reason).toMatch(/guest/);
    expect(
      matchPackage([photo('gus.jpg', { email: 'gus@other.com' })], directory, { includeGuests: true })[0]!
        .user?.id,
    ).toBe('u5');
  });

  it('makes two photos for one person a conflict', () => {
    const results = matchPackage(
      [photo('1.jpg', { upn: 'jane@contoso.com' }), photo('2.jpg', { employeeId: '42' })],
      directory,
    );
    expect(results.map((r) => r.status)).toEqual(['conflict', 'conflict']);
    expect(results[0]!.candidates.map((c) => c.id)).toEqual(['u1']);
  });
});
