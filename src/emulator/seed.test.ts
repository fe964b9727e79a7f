// The seeded tenant and the demo photo folder: deterministic, realistic, and what the matcher will meet.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { graphUserSchema } from '../shared/domain';
import { parseUserFilter } from './odata-filter';
import { writeSamplePhotos } from './sample-photos';
import { seedTenant } from './seed';
import { seedGroups } from './seed-groups';

describe('seedTenant', () => {
  it('gives most users a department, job title and office, and tells the two Chris Lees apart', () => {
    const users = seedTenant({ seed: 'x', count: 500 });
    const withAll = users.filter((u) => u.department && u.jobTitle && u.officeLocation);
    expect(withAll.length / users.length).toBeGreaterThan(0.9);
    const chris = users.filter((u) => u.displayName === 'Chris Lee');
    expect(chris).toHaveLength(2);
    const [a, b] = chris;
    expect(a!.department !== b!.department || a!.officeLocation !== b!.officeLocation).toBe(true);
    expect(chris.map((u) => [u.department, u.officeLocation])).toEqual([
      ['Sales', 'Seattle'],
      ['Engineering', 'London'],
    ]);
  });

  it('is deterministic by seed and different across seeds', () => {
    expect(seedTenant({ seed: 7, count: 300 })).toEqual(seedTenant({ seed: 7, count: 300 }));
    expect(seedTenant({ seed: 8, count: 300 }).map((u) => u.id)).not.toEqual(
      seedTenant({ seed: 7, count: 300 }).map((u) => u.id),
    );
  });

  it('has the edge cases a matcher must handle, and valid GraphUsers', () => {
    const users = seedTenant({ seed: 'x', count: 2000 });
    for (const user of users) expect(graphUserSchema.safeParse(user).success).toBe(true);
    const names = users.map((u) => u.displayName ?? '');
    for (const needle of ['José', 'Zoë', 'Łukasz', 'Søren', 'Müller', "O'Brien", 'Smith-Jones']) {
      expect(
        names.some((n) => n.includes(needle)),
        needle,
      ).toBe(true);
    }
    const byName = new Map<string, number>();
    for (const n of names) byName.set(n, (byName.get(n) ?? 0) + 1);
    expect(byName.get('Chris Lee')).toBeGreaterThanOrEqual(2);
    expect(users.some((u) => u.employeeId?.startsWith('0'))).toBe(true);
    expect(users.some((u) => u.mail && u.mail.split('@')[0] !== u.userPrincipalName.split('@')[0])).toBe(
      true,
    );
    expect(users.some((u) => (u.proxyAddresses ?? []).filter((p) => p.startsWith('smtp:')).length > 0)).toBe(
      true,
    );
    expect(users.some((u) => u.userType === 'Guest' && u.userPrincipalName.includes('#EXT#'))).toBe(true);
    expect(users.some((u) => u.accountEnabled === false)).toBe(true);
    expect(users.some((u) => u.hasMailbox === false && u.userType === 'Member' && u.mail === null)).toBe(
      true,
    );
    expect(users.some((u) => u.seedPhoto !== null)).toBe(true);
    expect(users.some((u) => u.seedPhoto === null)).toBe(true);
    expect(new Set(users.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(users.length);
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
  });

  it('keeps the first users exactly as before issue 13 (the demo and the tests know them)', () => {
    const [admin, jose, , , , , , chris] = seedTenant({ count: 20 });
    expect(admin).toMatchObject({ userPrincipalName: 'admin@contoso.com', managerId: null });
    expect(jose).toMatchObject({ userPrincipalName: 'jose.garcia@contoso.com', mail: 'jgarcia@contoso.com' });
    expect(chris).toMatchObject({
      userPrincipalName: 'chris.lee@contoso.com',
      department: 'Sales',
      officeLocation: 'Seattle',
      country: 'United States',
    });
  });

  it('gives 10,000 users companies, countries, licences and a manager tree, quickly', () => {
    const started = performance.now();
    const users = seedTenant({ seed: 'org', count: 10_000 });
    const groups = seedGroups(users, 'org');
    expect(performance.now() - started).toBeLessThan(1500);
    const staff = users.filter((u) => u.userType === 'Member');
    expect(staff.every((u) => u.companyName && u.country && u.department && u.jobTitle)).toBe(true);
    const unlicensed = staff.filter((u) => u.assignedLicenses?.length === 0).length / staff.length;
    expect(unlicensed).toBeGreaterThan(0.07);
    expect(unlicensed).toBeLessThan(0.13);
    const byId = new Map(users.map((u) => [u.id, u]));
    const tops = staff.filter((u) => !u.managerId);
    expect(tops.length).toBeGreaterThanOrEqual(2);
    expect(tops.length).toBeLessThan(20);
    // Every chain ends at someone without a manager: a tree, never a cycle.
    for (const user of staff) {
      let current = user;
      for (let hops = 0; current.managerId; hops++) {
        expect(hops).toBeLessThan(100);
        current = byId.get(current.managerId)!;
        expect(current.department).toBe(user.department);
      }
    }
    expect(users.filter((u) => u.userType === 'Guest').every((u) => !u.managerId)).toBe(true);

    // Groups: a DAG, each name once, Sales EMEA nested in Sales, All Staff over the departments.
    const groupIds = new Set(groups.map((g) => g.id));
    const visit = (id: string, trail: string[]): void => {
      expect(trail).not.toContain(id);
      const group = groups.find((g) => g.id === id)!;
      for (const m of group.members) if (groupIds.has(m)) visit(m, [...trail, id]);
    };
    for (const g of groups) visit(g.id, []);
    const named = (name: string) => groups.find((g) => g.displayName === name)!;
    expect(named('Sales').members).toContain(named('Sales EMEA').id);
    expect(named('All Staff').members).toContain(named('Sales').id);
    expect(new Set(groups.map((g) => g.displayName)).size).toBe(groups.length);
    const guests = new Set(users.filter((u) => u.userType === 'Guest').map((u) => u.id));
    expect(named('Project Falcon').members.some((m) => guests.has(m))).toBe(true);
  });

  it('rejects counts outside 1..200,000', () => {
    expect(() => seedTenant({ count: 0 })).toThrow(RangeError);
    expect(() => seedTenant({ count: 200_001 })).toThrow(RangeError);
  });
});

describe('parseUserFilter', () => {
  const users = seedTenant({ seed: 'f', count: 50 });
  it('evaluates case-insensitively and flags advanced operators', () => {
    const f = parseUserFilter("startsWith(userPrincipalName,'JOSE.') and not(accountEnabled eq false)");
    expect(f.advanced).toEqual(['not']);
    expect(users.filter(f.test).map((u) => u.userPrincipalName)).toEqual(
      users
        .filter((u) => u.userPrincipalName.startsWith('jose.') && u.accountEnabled !== false)
        .map((u) => u.userPrincipalName),
    );
    expect(users.filter(f.test).map((u) => u.userPrincipalName)).toContain('jose.garcia@contoso.com');
    expect(parseUserFilter("displayName eq 'a' or mail eq null").advanced).toEqual(['null']);
    expect(parseUserFilter("employeeId in ('1','2')").advanced).toEqual([]);
  });
  it('throws the Graph errors for bad filters', () => {
    expect(() => parseUserFilter("foo eq 'x'")).toThrow(/Could not find a property named 'foo'/);
    expect(() => parseUserFilter("startsWith(accountEnabled,'t')")).toThrow(
      /Unsupported or invalid query filter clause/,
    );
    expect(() => parseUserFilter('displayName eq')).toThrow(/Syntax error/);
    expect(() => parseUserFilter("proxyAddresses/all(p:p eq 'x')")).toThrow(/not supported/);
  });
});

describe('writeSamplePhotos', () => {
  it('writes decodable portraits in every naming style, each tied to its user', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-samples-'));
    try {
      const users = seedTenant({ seed: 'samples', count: 40 });
      const written = await writeSamplePhotos(dir, users, { count: 12 });
      expect(written).toHaveLength(12);
      expect((await readdir(dir)).sort()).toEqual(written.map((w) => w.file).sort());
      expect(new Set(written.map((w) => w.style))).toEqual(
        new Set(['upn', 'alias', 'lastFirst', 'employeeId']),
      );
      for (const photo of written) {
        const user = users.find((u) => u.id === photo.userId)!;
        const base = photo.file.replace(/\.(jpg|png)$/, '');
        if (photo.style === 'upn') expect(base).toBe(user.userPrincipalName);
        if (photo.style === 'employeeId') expect(base).toBe(user.employeeId);
        if (photo.style === 'lastFirst') expect(base).toBe(`${user.surname}, ${user.givenName}`);
        if (photo.style === 'alias') {
          const aliases = [
            ...(user.proxyAddresses ?? []).map((p) => p.replace(/^smtp:/i, '').split('@')[0]),
            user.mailNickname,
          ];
          expect(aliases).toContain(base);
        }
        const meta = await sharp(photo.path).metadata();
        expect([meta.width, meta.height, meta.format]).toEqual([photo.width, photo.height, photo.format]);
      }
      // Diacritics survive in names (NFC), e.g. "García, José.jpg".
      expect(written.some((w) => /[^\p{ASCII}]/u.test(w.file))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a portrait has a face: skin-toned pixels in the middle of the upper half, backdrop in the corner', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-samples-'));
    try {
      const [photo] = await writeSamplePhotos(dir, seedTenant({ seed: 'face', count: 5 }), { count: 1 });
      const { data, info } = await sharp(photo!.path)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const px = (x: number, y: number) => {
        const i = (Math.round(y) * info.width + Math.round(x)) * 3;
        return [data[i]!, data[i + 1]!, data[i + 2]!];
      };
      const cheek = px(info.width / 2 - info.width * 0.08, info.height * 0.42 + info.width * 0.12);
      const corner = px(5, 5);
      expect(cheek).not.toEqual(corner);
      // The backdrop is light and nearly grey; the face colour is warmer (red above blue).
      expect(Math.min(...corner)).toBeGreaterThan(180);
      expect(cheek[0]! - cheek[2]!).toBeGreaterThan(20);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
