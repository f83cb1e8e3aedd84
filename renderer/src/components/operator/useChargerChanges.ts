/** Reloads a charger's panel when the live stream says the charger changed: at most once a second. */
import { useEffect, useRef } from 'react';
import { live } from '../../api/live.js';

export function useChargerChanges(chargePointId: string, reload: () => unknown, minGapMs = 1000): void {
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const off = live.on((b) => {
      if (timer || !b.chargers.some((c) => c.id === chargePointId)) return;
      const wait = Math.max(0, last + minGapMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        void reloadRef.current();
      }, wait);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [chargePointId, minGapMs]);
}
