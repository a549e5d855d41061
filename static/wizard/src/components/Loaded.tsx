import { useEffect, type ReactNode } from 'react';
import type { ApiResult, CallOptions } from '../api';
import { useAction } from '../hooks/use-action';
import { ErrorMessage, Working } from './Messages';

/**
 * A list the page loads on its own: loading, the list, or its error with Retry; nothing
 * else on the page waits for it. Loaded again whenever `version` changes.
 */
export function Loaded<T>({ load, label, version = 0, children }: { load: (payload: undefined, options: CallOptions) => Promise<ApiResult<T>>; label: string; version?: number; children: (value: T) => ReactNode }) {
  const action = useAction(load);
  const { run } = action;
  useEffect(() => {
    void run(undefined);
  }, [run, version]);
  if (action.state.phase === 'failed') return <ErrorMessage error={action.state.error} onRetry={() => void action.retry()} />;
  if (action.state.phase === 'done') return <>{children(action.state.value)}</>;
  return <Working label={label} />;
}
