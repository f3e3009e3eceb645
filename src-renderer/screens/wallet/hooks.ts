import { useEffect, useRef, useState } from 'react';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { useNodeStore } from '../../store/app-store.ts';

/**
 * `value`, changing at most once per `intervalMs`: the first change shows at once, the ones that
 * follow within the interval collapse into one at its end (so the last value always shows).
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastChange = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastChange.current + intervalMs - Date.now();
    const show = () => {
      lastChange.current = Date.now();
      setShown(value);
    };
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}

/** Balance and history re-read when this changes: the selected chain moved or the mempool changed (≤ 2/s). */
export function useWalletRefreshKey(intervalMs = 500): string {
  const chainVersion = useNodeStore((state) => state.chainVersion);
  const mempoolSize = useNodeStore((state) => state.mempoolSize);
  return useThrottled(`${chainVersion}:${mempoolSize}`, intervalMs);
}

/** A wallet call answered with the new status: show it now rather than when the notification arrives. */
export function applyWalletStatus(wallet: WalletStatus): void {
  useNodeStore.setState({ wallet });
}
