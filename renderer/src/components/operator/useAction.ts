/** An operator action's life: busy while it runs, then what it said (a message) or why it failed. */
import { useCallback, useState } from 'react';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Runs fn; its string (if any) becomes the message. Resolves true when it succeeded. */
  const run = useCallback(async (fn: () => Promise<string | void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setMsg(null);
    try {
      const said = await fn();
      if (typeof said === 'string') setMsg(said);
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, msg, error, run };
}
