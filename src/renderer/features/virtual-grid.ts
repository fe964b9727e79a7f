/**
 * A virtualised grid that is one Tab stop (Review's table, People's table): the virtualiser, the keyboard's current
 * row kept inside the rows and scrolled into view (useVirtualGrid), and its keys (onGridKey): arrows, Home/End and
 * Page Up/Down move the current row; Space toggles its selection; Ctrl+A / ⌘A selects every row shown; Enter opens
 * it where the grid has an `open`.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export function useVirtualGrid(
  count: number,
  rowHeight: number,
  initialRect?: { width: number; height: number },
) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState(0);
  // eslint-disable-next-line react-hooks/incompatible-library -- nothing memoises the virtualiser's functions here
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    initialRect,
  });
  // Keep the keyboard cursor inside the (possibly re-filtered) rows.
  const index = Math.min(cursor, Math.max(0, count - 1));
  useEffect(() => {
    if (count > 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [index, count, virtualizer]);
  /** Rows that fit in the grid's height. */
  const pageRows = () => Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight);
  return { scrollRef, virtualizer, index, setCursor, pageRows };
}

export interface GridKeys {
  /** The current row and how many rows there are. */
  index: number;
  count: number;
  /** Rows that fit in the grid's height (a page). */
  pageRows: number;
  moveTo: (index: number) => void;
  toggle: (index: number) => void;
  selectAll: () => void;
  open?: (index: number) => void;
}

/** Handles the key when it is one of the grid's (and returns true); focus inside a row's controls is left alone. */
export function onGridKey(e: KeyboardEvent<HTMLElement>, g: GridKeys): boolean {
  if (e.target !== e.currentTarget) return false;
  const page = Math.max(1, g.pageRows - 1);
  const moves: Record<string, number> = {
    ArrowDown: g.index + 1,
    ArrowUp: g.index - 1,
    Home: 0,
    End: g.count - 1,
    PageDown: g.index + page,
    PageUp: g.index - page,
  };
  const has = g.index < g.count;
  if (e.key in moves) g.moveTo(Math.max(0, Math.min(g.count - 1, moves[e.key] as number)));
  else if (e.key === ' ' && has) g.toggle(g.index);
  else if (e.key === 'Enter' && has && g.open) g.open(g.index);
  else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) g.selectAll();
  else return false;
  e.preventDefault();
  return true;
}
