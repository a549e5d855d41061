import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult, CallOptions } from '../api';

export type ActionState<T> =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running' }
  | { readonly phase: 'done'; readonly value: T }
  | { readonly phase: 'failed'; readonly error: ApiError };

/**
 * One admin action as a button sees it: idle, running, done or failed, never stuck. Each
 * run may be cancelled (the page stops waiting; a local request is aborted), a failure can
 * be retried with the same arguments, and a component that goes away stops listening.
 * `onDone` hears a success before the state says so, in the same render.
 */
export function useAction<T, P>(call: (payload: P, options: CallOptions) => Promise<ApiResult<T>>, onDone?: (value: T) => void) {
  const [state, setState] = useState<ActionState<T>>({ phase: 'idle' });
  const controller = useRef<AbortController | undefined>(undefined);
  const last = useRef<P | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (payload: P): Promise<ApiResult<T> | undefined> => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      last.current = payload;
      setState({ phase: 'running' });
      const answer = await call(payload, { signal: mine.signal });
      if (mine.signal.aborted) return undefined;
      // What the answer changes (the setup shown) lands with the words saying it worked.
      if (answer.ok) onDone?.(answer.value);
      setState(answer.ok ? { phase: 'done', value: answer.value } : { phase: 'failed', error: answer.error });
      return answer;
    },
    [call, onDone],
  );

  return {
    state,
    run,
    retry: () => run(last.current as P),
    cancel: () => {
      controller.current?.abort();
      setState({ phase: 'idle' });
    },
    reset: () => setState({ phase: 'idle' }),
  };
}
