import { CONFIRM_WINDOW_MS, manifestVerdict, type ManifestEntry } from './manifest';

const at = '2025-01-01T00:00:00.000Z';
const t0 = Date.parse(at);
const confirmed: ManifestEntry = { userId: 'u', sha256: 'abc', etag: '"E1"', at };
const pending: ManifestEntry = {
  userId: 'u',
  sha256: 'abc',
  etag: null,
  at,
  pending: { staleEtag: '"OLD"' },
};

describe('manifestVerdict', () => {
  it('a confirmed entry is unchanged only while the tenant shows its etag', () => {
    expect(manifestVerdict(confirmed, 'abc', '"E1"', t0).kind).toBe('unchanged');
    expect(manifestVerdict(confirmed, 'abc', '"E2"', t0).kind).toBe('changed');
    expect(manifestVerdict(confirmed, 'abc', null, t0).kind).toBe('changed');
    expect(manifestVerdict(confirmed, 'other', '"E1"', t0).kind).toBe('changed');
    expect(manifestVerdict(undefined, 'abc', '"E1"', t0).kind).toBe('changed');
  });

  it('a pending entry waits while Graph shows the stale etag or none, and takes a new etag as ours', () => {
    expect(manifestVerdict(pending, 'abc', '"OLD"', t0 + 1000).kind).toBe('pending');
    expect(manifestVerdict(pending, 'abc', null, t0 + 1000).kind).toBe('pending');
    expect(manifestVerdict(pending, 'abc', '"NEW"', t0 + 1000)).toEqual({ kind: 'confirmed', etag: '"NEW"' });
    expect(manifestVerdict(pending, 'xyz', '"NEW"', t0 + 1000).kind).toBe('changed');
  });

  it('after the confirmation window a pending entry counts for nothing', () => {
    expect(manifestVerdict(pending, 'abc', '"NEW"', t0 + CONFIRM_WINDOW_MS + 1).kind).toBe('changed');
    expect(manifestVerdict(pending, 'abc', '"OLD"', t0 + CONFIRM_WINDOW_MS + 1).kind).toBe('changed');
  });
});
