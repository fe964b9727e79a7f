import { describe, expect, it } from 'vitest';
import { createReviewStore } from './review-store';
import { deriveRows, readiness } from '../features/review/review-model';
import { item, user } from '../../../test/renderer/review-fixtures';

const jane = user('jane', 'Jane Doe');
const items = [
  item('jane.jpg', 'matched', jane),
  item('a/x.jpg', 'conflict', jane),
  item('b/x.jpg', 'conflict', jane),
  item('IMG_1.jpg', 'unmatched', null),
];

describe('review store', () => {
  it('loads items and resets the previous review', () => {
    const store = createReviewStore();
    store.getState().load(items);
    store.getState().exclude(['jane.jpg']);
    store.getState().setSelected(['a/x.jpg']);
    store.getState().load(items);
    expect(store.getState()).toMatchObject({ decisions: {}, filter: 'all', query: '', activeId: null });
    expect(store.getState().selected.size).toBe(0);
  });

  it('walks a review to readiness through its actions', () => {
    const store = createReviewStore();
    const s = () => store.getState();
    s().load(items);
    s().toggleSelected('IMG_1.jpg');
    s().toggleSelected('a/x.jpg');
    s().toggleSelected('a/x.jpg');
    expect([...s().selected]).toEqual(['IMG_1.jpg']);
    s().exclude(s().selected);
    s().resolveConflict('b/x.jpg', jane);
    const rows = deriveRows(s().items, s().decisions);
    // Resolving the conflict for Jane excluded both the other conflict file and the original match.
    expect(rows.map((r) => r.state)).toEqual(['excluded', 'excluded', 'ready', 'excluded']);
    expect(readiness(rows)).toMatchObject({ canUpload: true, usersToChange: 1 });
    s().include(['IMG_1.jpg']);
    expect(readiness(deriveRows(s().items, s().decisions)).canUpload).toBe(false);
    s().setCrop(['b/x.jpg'], { strategy: 'rect', rect: { left: 0, top: 0, width: 0.5, height: 0.5 } });
    expect(deriveRows(s().items, s().decisions)[2]?.crop?.strategy).toBe('rect');
  });
});

describe('review store: selections follow what is visible', () => {
  const many = [
    item('jane.jpg', 'matched', jane),
    item('IMG_1.jpg', 'unmatched', null),
    item('IMG_2.jpg', 'unmatched', null),
    item('IMG_3.jpg', 'unmatched', null),
  ];

  it('clears rows a bulk Exclude moved out of the tab, so the next tab starts with nothing hidden selected', () => {
    const store = createReviewStore();
    const s = () => store.getState();
    s().load(many);
    s().setFilter('unmatched');
    s().setSelected(['IMG_1.jpg', 'IMG_2.jpg', 'IMG_3.jpg']);
    s().exclude(s().selected);
    expect(s().selected.size).toBe(0);
    // In All the excluded rows stay shown, so a selection there survives the same action.
    s().setFilter('all');
    s().setSelected(['IMG_1.jpg', 'jane.jpg']);
    s().include(['IMG_1.jpg']);
    expect([...s().selected].sort()).toEqual(['IMG_1.jpg', 'jane.jpg']);
  });

  it('narrows the selection when the tab or the search hides rows', () => {
    const store = createReviewStore();
    const s = () => store.getState();
    s().load(many);
    s().setSelected(['jane.jpg', 'IMG_1.jpg', 'IMG_2.jpg']);
    s().setFilter('unmatched');
    expect([...s().selected].sort()).toEqual(['IMG_1.jpg', 'IMG_2.jpg']);
    s().setQuery('IMG_2');
    expect([...s().selected]).toEqual(['IMG_2.jpg']);
    s().setQuery('');
    s().setFilter('ready');
    expect(s().selected.size).toBe(0);
  });
});
