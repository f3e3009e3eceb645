import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { MethodParams, MethodResult, NodeMethod } from '../../src-shared/api.ts';
import type { NodeClient } from '../../src-shared/node-client.ts';

export const ClientContext = createContext<NodeClient | null>(null);

export function useClient(): NodeClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}

/** An error as the UI shows it: the node's code when it answered, and a sentence. */
export interface CallError {
  code: string;
  message: string;
}

export function callError(error: unknown): CallError {
  const code = (error as { code?: unknown })?.code;
  return {
    code: typeof code === 'string' ? code : 'ERROR',
    message: error instanceof Error ? error.message : String(error),
  };
}

export interface CallState<T> {
  data: T | undefined;
  error: CallError | undefined;
  loading: boolean;
  /** Calls again (keeps showing the last data meanwhile). */
  reload(): void;
}

/**
 * Calls a method when the component mounts and whenever `deps` change; `params` null skips the
 * call. Answers that arrive after a newer call started are dropped.
 */
export function useCall<M extends NodeMethod>(
  method: M,
  params: MethodParams<M> | null,
  deps: readonly unknown[] = [],
): CallState<MethodResult<M>> {
  const client = useClient();
  const [state, setState] = useState<{ data?: MethodResult<M>; error?: CallError; loading: boolean }>({
    loading: params !== null,
  });
  const generation = useRef(0);
  const paramsText = JSON.stringify(params);
  const run = useCallback(() => {
    if (paramsText === 'null') return;
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true }));
    client.call(method, JSON.parse(paramsText) as MethodParams<M>).then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) =>
        mine === generation.current &&
        setState((previous) => ({ ...previous, error: callError(error), loading: false })),
    );
  }, [client, method, paramsText]);
  useEffect(run, [run, ...deps]);
  return { data: state.data, error: state.error, loading: state.loading, reload: run };
}
