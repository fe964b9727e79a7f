/** Test and story helpers: review items built from terse descriptions. */
import type { MatchStatus, UserRef } from '../../src/shared/domain';
import type { ReviewItem } from '../../src/shared/review';

export function user(id: string, displayName = id, upn = `${id}@contoso.com`): UserRef {
  return { id, userPrincipalName: upn, displayName };
}

export function item(
  file: string,
  status: MatchStatus,
  u: UserRef | null,
  extra: Partial<ReviewItem> = {},
): ReviewItem {
  return {
    id: file,
    file,
    status,
    user: u,
    method: status === 'matched' ? 'upn' : null,
    candidates: [],
    reason: `${status} by test`,
    thumbnailUrl: null,
    previewUrl: null,
    imageWidth: 1200,
    imageHeight: 800,
    warnings: [],
    error: null,
    ...extra,
  };
}

/** n matched rows, one per user, for volume tests. */
export function manyMatched(n: number): ReviewItem[] {
  return Array.from({ length: n }, (_, i) =>
    item(`photos/user${i}.jpg`, 'matched', user(`u${i}`, `User ${i}`)),
  );
}
