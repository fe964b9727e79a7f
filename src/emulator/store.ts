/**
 * The tenant's state: users (ordered as seeded), lookups by id and UPN, a change log for /users/delta, and
 * photos. Seeded photos are shared synthesised portraits referenced by index, so 100,000 users cost no images.
 */
import { createHash } from 'node:crypto';
import type { EmulatorGroup, EmulatorUser } from './types';

export interface PhotoRecord {
  bytes: Buffer;
  contentType: string;
  /** Quoted, as Graph sends @odata.mediaEtag. */
  etag: string;
}

export interface RemovedUser {
  id: string;
  seq: number;
}

export function photoRecord(bytes: Buffer, contentType: string): PhotoRecord {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase();
  return { bytes, contentType, etag: `"${hash}"` };
}

export class TenantStore {
  users: EmulatorUser[] = [];
  private byId = new Map<string, EmulatorUser>();
  private byUpn = new Map<string, EmulatorUser>();
  /** Change sequence per user id (for delta). */
  private changed = new Map<string, number>();
  private removed: RemovedUser[] = [];
  seq = 0;
  /** Bumped on every change, so cached query results can tell they are stale. */
  version = 0;
  /** Explicit photos; null means "deleted" (overrides a seeded photo). */
  private photos = new Map<string, PhotoRecord | null>();
  /** Read-after-write delay: what reads show, until when, after a Graph write (quirk readAfterWriteDelayMs). */
  private lagging = new Map<string, { shown: PhotoRecord | null; until: number }>();
  readAfterWriteDelayMs = 0;

  groups: EmulatorGroup[] = [];
  private groupById = new Map<string, EmulatorGroup>();

  constructor(
    users: EmulatorUser[],
    private seedPhotos: PhotoRecord[] = [],
    groups: EmulatorGroup[] = [],
  ) {
    for (const user of users) this.insert(user);
    for (const group of groups) this.addGroup(group);
    this.seq = 1;
  }

  addGroup(group: EmulatorGroup): void {
    if (this.groupById.has(group.id.toLowerCase()))
      throw new Error(`emulator: duplicate group id ${group.id}`);
    this.groups.push(group);
    this.groupById.set(group.id.toLowerCase(), group);
    this.version++;
  }

  findGroup(id: string): EmulatorGroup | undefined {
    return this.groupById.get(id.toLowerCase());
  }

  /** A directory object by id: a user or a group (members may be either). */
  directoryObject(id: string): { user: EmulatorUser } | { group: EmulatorGroup } | undefined {
    const user = this.byId.get(id);
    if (user) return { user };
    const group = this.findGroup(id);
    return group ? { group } : undefined;
  }

  /**
   * Direct and nested members, flat, each once, in membership order (depth first). Nested groups are listed too,
   * as Graph's transitiveMembers lists them; a visited set makes even a cyclic nesting terminate.
   */
  transitiveMembers(groupId: string): ({ user: EmulatorUser } | { group: EmulatorGroup })[] {
    const out: ({ user: EmulatorUser } | { group: EmulatorGroup })[] = [];
    const seen = new Set<string>([groupId.toLowerCase()]);
    const walk = (group: EmulatorGroup) => {
      for (const id of group.members) {
        if (seen.has(id.toLowerCase())) continue;
        seen.add(id.toLowerCase());
        const object = this.directoryObject(id);
        if (!object) continue;
        out.push(object);
        if ('group' in object) walk(object.group);
      }
    };
    const root = this.findGroup(groupId);
    if (root) walk(root);
    return out;
  }

  private insert(user: EmulatorUser): void {
    if (this.byId.has(user.id)) throw new Error(`emulator: duplicate user id ${user.id}`);
    const upnKey = user.userPrincipalName.toLowerCase();
    if (this.byUpn.has(upnKey))
      throw new Error(`emulator: duplicate userPrincipalName ${user.userPrincipalName}`);
    this.users.push(user);
    this.byId.set(user.id, user);
    this.byUpn.set(upnKey, user);
    this.changed.set(user.id, this.seq);
  }

  setSeedPhotos(photos: PhotoRecord[]): void {
    this.seedPhotos = photos;
  }

  /** By object id or UPN (case-insensitive), as Graph's /users/{id | userPrincipalName}. */
  find(idOrUpn: string): EmulatorUser | undefined {
    return (
      this.byId.get(idOrUpn) ?? this.byId.get(idOrUpn.toLowerCase()) ?? this.byUpn.get(idOrUpn.toLowerCase())
    );
  }

  require(idOrUpn: string): EmulatorUser {
    const user = this.find(idOrUpn);
    if (!user) throw new Error(`emulator: no user '${idOrUpn}'`);
    return user;
  }

  add(user: EmulatorUser): void {
    this.seq++;
    this.version++;
    this.insert(user);
    this.changed.set(user.id, this.seq);
  }

  update(idOrUpn: string, patch: Partial<EmulatorUser>): void {
    const user = this.require(idOrUpn);
    const { id: _id, ...rest } = patch;
    if (rest.userPrincipalName && rest.userPrincipalName !== user.userPrincipalName) {
      this.byUpn.delete(user.userPrincipalName.toLowerCase());
      this.byUpn.set(rest.userPrincipalName.toLowerCase(), user);
    }
    Object.assign(user, rest);
    this.seq++;
    this.version++;
    this.changed.set(user.id, this.seq);
  }

  remove(idOrUpn: string): void {
    const user = this.require(idOrUpn);
    this.seq++;
    this.version++;
    this.users.splice(this.users.indexOf(user), 1);
    this.byId.delete(user.id);
    this.byUpn.delete(user.userPrincipalName.toLowerCase());
    this.changed.delete(user.id);
    this.photos.delete(user.id);
    // A deleted user leaves its groups and stops managing anyone, as in Entra ID.
    for (const group of this.groups) group.members = group.members.filter((m) => m !== user.id);
    for (const other of this.users) if (other.managerId === user.id) other.managerId = null;
    this.removed.push({ id: user.id, seq: this.seq });
  }

  /** Users changed after `sinceSeq`, in seeded order, and ids removed after it. */
  changesSince(sinceSeq: number): { users: EmulatorUser[]; removed: string[] } {
    return {
      users: this.users.filter((u) => (this.changed.get(u.id) ?? 0) > sinceSeq),
      removed: this.removed.filter((r) => r.seq > sinceSeq).map((r) => r.id),
    };
  }

  photo(userId: string): PhotoRecord | null {
    if (this.photos.has(userId)) return this.photos.get(userId) ?? null;
    const seeded = this.byId.get(userId)?.seedPhoto;
    return seeded === null || seeded === undefined
      ? null
      : (this.seedPhotos[seeded % this.seedPhotos.length] ?? null);
  }

  /** What a Graph read sees now: the stored photo, or during a read-after-write delay the earlier view. */
  visiblePhoto(userId: string, now = Date.now()): PhotoRecord | null {
    const lag = this.lagging.get(userId);
    if (lag && now < lag.until) return lag.shown;
    if (lag) this.lagging.delete(userId);
    return this.photo(userId);
  }

  /**
   * `viaGraph`: a write through the API, which (with a delay configured) reads do not see at once. Half the users
   * (by id) keep showing the previous photo, the other half show none, as both have been seen on real tenants.
   */
  setPhoto(userId: string, record: PhotoRecord | null, viaGraph = false): void {
    if (viaGraph && this.readAfterWriteDelayMs > 0) {
      const lag = this.lagging.get(userId);
      const previous = lag && Date.now() < lag.until ? lag.shown : this.photo(userId);
      const showsNone = createHash('sha256').update(userId).digest()[0]! % 2 === 1;
      this.lagging.set(userId, {
        shown: showsNone ? null : previous,
        until: Date.now() + this.readAfterWriteDelayMs,
      });
    } else {
      this.lagging.delete(userId);
    }
    this.photos.set(userId, record);
  }
}
