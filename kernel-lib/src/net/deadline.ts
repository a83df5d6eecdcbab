/**
 * A per-request time limit combined with the caller's signal. The limit covers the whole
 * exchange (headers and body), so a server that sends headers and then stalls is caught too;
 * `timedOut()` tells our limit apart from the caller's own abort.
 */

export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  /** Stop the timer (call when the body has been read). */
  clear(): void;
}

export function deadline(ms: number, caller?: AbortSignal | null): Deadline {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new DOMException(`no answer in ${ms} ms`, "TimeoutError")), ms);
  const signal = caller ? AbortSignal.any([caller, ac.signal]) : ac.signal;
  return { signal, timedOut: () => ac.signal.aborted && !caller?.aborted, clear: () => clearTimeout(timer) };
}

/** "30 s", "1.5 s", "200 ms" */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
