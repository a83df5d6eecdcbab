/**
 * When to try a failed request again: exponential backoff with a floor (0.5 s, 1 s, 2 s, … up to
 * 30 s) plus up to 25 % jitter, so a throttled client never hammers the server and many clients do
 * not retry in lockstep. A server's Retry-After (seconds or an HTTP date) is honoured, but never
 * below the floor nor above the cap: a hostile "Retry-After: 86400" cannot park a notebook for a day.
 */

/** User-facing knobs (all optional; tests shrink them). */
export interface RetryOptions {
  /** First wait in ms, doubled each retry; also the floor under Retry-After (default 500). */
  baseMs?: number;
  /** Longest single wait in ms, Retry-After included (default 30 000). */
  maxMs?: number;
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
}

export type BackoffPolicy = Required<RetryOptions>;

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, maxAttempts: 5 };

export function backoffPolicy(o: RetryOptions = {}, fallback: BackoffPolicy = DEFAULT_BACKOFF): BackoffPolicy {
  const pick = (v: number | undefined, d: number, min: number) => (typeof v === "number" && Number.isFinite(v) ? Math.max(min, v) : d);
  const baseMs = pick(o.baseMs, fallback.baseMs, 0);
  return { baseMs, maxMs: Math.max(baseMs, pick(o.maxMs, fallback.maxMs, 0)), maxAttempts: Math.floor(pick(o.maxAttempts, fallback.maxAttempts, 1)) };
}

/** The wait after failed attempt `attempt` (1-based): base·2^(n-1), +0–25 % jitter, capped. */
export function backoffDelayMs(attempt: number, p: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.min(p.maxMs, Math.round(exp * (1 + 0.25 * random())));
}

/** Retry-After in ms (delta-seconds or HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined; // Number("") is 0: an empty header must not mean "retry now"
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The wait before the next attempt: the server's Retry-After within [floor, cap], else backoff. */
export function retryDelayMs(attempt: number, p: BackoffPolicy, retryAfter: string | null | undefined, random?: () => number): number {
  const asked = parseRetryAfter(retryAfter);
  return asked === undefined ? backoffDelayMs(attempt, p, random) : Math.min(p.maxMs, Math.max(p.baseMs, asked));
}

/** A wait that ends early (rejecting with the reason) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(t), reject(signal!.reason));
    const t = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
