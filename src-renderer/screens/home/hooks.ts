import { useEffect, useState } from 'react';
import { callError, type CallError, useClient } from '../../client/client-context.tsx';
import type { MethodParams, MethodResult, NodeMethod } from '../../../src-shared/api.ts';

/** The current time, re-read every `intervalMs` (ages and estimates count on by themselves). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Calls a method now, every `intervalMs` and whenever `trigger` changes, keeping the last answer
 * on screen while the next is on its way (no flicker, no layout jump). Calls of one interval never overlap.
 */
export function usePolled<M extends NodeMethod>(
  method: M,
  params: MethodParams<M>,
  intervalMs: number,
  trigger: unknown = undefined,
): { data: MethodResult<M> | undefined; error: CallError | undefined; reload: () => void } {
  const client = useClient();
  const [state, setState] = useState<{ data?: MethodResult<M>; error?: CallError }>({});
  const paramsText = JSON.stringify(params);
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    let live = true;
    let busy = false;
    const run = () => {
      if (busy) return;
      busy = true;
      client.call(method, JSON.parse(paramsText) as MethodParams<M>).then(
        (data) => {
          busy = false;
          if (live) setState({ data });
        },
        (error: unknown) => {
          busy = false;
          if (live) setState((previous) => ({ data: previous.data, error: callError(error) }));
        },
      );
    };
    run();
    const timer = setInterval(run, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, method, paramsText, intervalMs, trigger, reloads]);
  return { data: state.data, error: state.error, reload: () => setReloads((n) => n + 1) };
}
