import { useCallback, useEffect, useRef, useState } from 'react';

/** Loads data with loading/error state; `reload` refetches; `intervalMs` polls. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], intervalMs?: number) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  // Only the latest load's answer is kept: an older one arriving late (e.g. for the page's previous id) is dropped.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const d = await loadRef.current();
      if (mine !== latest.current) return;
      setData(d);
      setError(null);
    } catch (err) {
      if (mine !== latest.current) return;
      setError((err as Error).message);
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }, []);
  useEffect(() => {
    setLoading(true);
    void reload();
    if (!intervalMs) return;
    const t = setInterval(() => void reload(), intervalMs);
    return () => clearInterval(t);
    // The caller's deps decide when to load again (reload is stable, load is read through a ref).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { data, error, loading, reload, setData };
}

/**
 * A text filter that applies as you type: `text` follows the input at once, `apply(value)` runs once typing
 * pauses for `ms` (or at once on flush: Enter, blur). A new `value` from outside (navigation, Clear filters) resets the text.
 */
export function useDebouncedInput(value: string, apply: (v: string) => void, ms = 300) {
  const [text, setText] = useState(value);
  const applyRef = useRef(apply);
  applyRef.current = apply;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => applyRef.current(text), ms);
    return () => clearTimeout(t);
  }, [text, value, ms]);
  /** Applies now (Enter, leaving the field). */
  const flush = useCallback(() => {
    if (text !== value) applyRef.current(text);
  }, [text, value]);
  return { text, setText, flush, pending: text !== value };
}
