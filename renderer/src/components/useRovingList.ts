/**
 * One Tab stop per list (roving tabindex): only the active row has tabIndex 0; arrow keys, Home/End and
 * PageUp/PageDown move the active row and focus it (a virtualized list scrolls it into view first).
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface RovingList {
  active: number;
  /** Spread on each row: its tab stop, its index for focusing, and focus following clicks. */
  rowProps(index: number): { tabIndex: number; 'data-row-index': number; onFocus: () => void };
  /** On the list's scroll container. */
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
  containerRef: React.RefObject<HTMLElement | null>;
  /** Makes a row the tab stop (stable: memoized rows take it with a boolean instead of rowProps). */
  activate: (index: number) => void;
}

export function useRovingList(count: number, o: { page?: number; scrollToIndex?: (index: number) => void } = {}): RovingList {
  const [active, setActive] = useState(0);
  const containerRef = useRef<HTMLElement | null>(null);
  const { page = 10, scrollToIndex } = o;
  useEffect(() => {
    if (active > 0 && active >= count) setActive(Math.max(0, count - 1));
  }, [active, count]);

  const focusRow = useCallback(
    (index: number) => {
      setActive(index);
      scrollToIndex?.(index);
      // the row may render only after the scroll: look for it on the next frames
      let tries = 0;
      const tryFocus = () => {
        const el = containerRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`);
        if (el) el.focus({ preventScroll: !!scrollToIndex });
        else if (tries++ < 5) requestAnimationFrame(tryFocus);
      };
      requestAnimationFrame(tryFocus);
    },
    [scrollToIndex],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (count === 0) return;
      const moves: Record<string, number> = {
        ArrowDown: active + 1,
        ArrowUp: active - 1,
        Home: 0,
        End: count - 1,
        PageDown: active + page,
        PageUp: active - page,
      };
      const next = moves[e.key];
      if (next === undefined) return;
      e.preventDefault();
      focusRow(Math.min(count - 1, Math.max(0, next)));
    },
    [active, count, page, focusRow],
  );

  const rowProps = useCallback(
    (index: number) => ({ tabIndex: index === active ? 0 : -1, 'data-row-index': index, onFocus: () => setActive(index) }),
    [active],
  );
  return { active, rowProps, onKeyDown, containerRef, activate: setActive };
}
