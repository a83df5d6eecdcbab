/**
 * Retrying LLM calls: rate limits (429) and server errors (5xx, connection resets) are retried
 * with exponential backoff (0.5 s, 1 s, 2 s, … or the server's Retry-After, up to 60 s); client
 * errors (400, 401, 403, 404) are not. Deterministic delays: no jitter, so runs are reproducible.
 * (LangChain's own caller gives up on a 429 without Retry-After, which Model Serving sends.)
 */

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500 };

function status(err: unknown): number | undefined {
  const e = err as { status?: unknown; response?: { status?: unknown } };
  const s = e?.status ?? e?.response?.status;
  return typeof s === "number" ? s : undefined;
}

function retryAfterMs(err: unknown): number | undefined {
  const h = (err as { headers?: Record<string, string> | Headers })?.headers;
  const v = h instanceof Headers ? h.get("retry-after") : h?.["retry-after"];
  const secs = v === undefined || v === null ? NaN : Number(v);
  return Number.isFinite(secs) && secs >= 0 ? Math.min(60_000, secs * 1000) : undefined;
}

export function isRetryable(err: unknown): boolean {
  const s = status(err);
  if (s !== undefined) return s === 429 || s === 408 || s >= 500;
  const text = `${(err as { code?: string })?.code ?? ""} ${(err as Error)?.message ?? ""}`;
  return /ECONNRESET|ETIMEDOUT|EPIPE|socket hang up/i.test(text);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

/** Run `call`, retrying transient failures; `onRetry` hears about each wait. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (attempt: number, delayMs: number, err: unknown) => void, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= policy.maxRetries || !isRetryable(err) || signal?.aborted) throw err;
      const delay = retryAfterMs(err) ?? policy.baseDelayMs * 2 ** attempt;
      onRetry?.(attempt + 1, delay, err);
      await sleep(delay, signal);
    }
  }
}
