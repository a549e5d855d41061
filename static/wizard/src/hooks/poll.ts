/**
 * Asks again and again, one call at a time: the next call is scheduled only after the last
 * one answered, with a delay that grows (1 s, 1.5 s, … up to `maxDelayMs`), until `ask` says
 * stop, the deadline passes (`onTimeout`), or the returned function cancels it.
 */
export function poll(ask: (signal: AbortSignal) => Promise<'again' | 'stop'>, options: { firstDelayMs?: number; maxDelayMs?: number; deadlineMs: number; onTimeout: () => void }): () => void {
  const controller = new AbortController();
  const deadline = Date.now() + options.deadlineMs;
  let delay = options.firstDelayMs ?? 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    timer = setTimeout(async () => {
      if (controller.signal.aborted) return;
      if (Date.now() > deadline) return options.onTimeout();
      const verdict = await ask(controller.signal);
      if (verdict === 'stop' || controller.signal.aborted) return;
      delay = Math.min(delay * 1.5, options.maxDelayMs ?? 8000);
      next();
    }, delay);
  };
  next();
  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}
