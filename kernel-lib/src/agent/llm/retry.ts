/**
 * Retrying LLM calls: rate limits (429), timeouts from the server (408), server errors (5xx) and
 * dropped connections (reset, closed mid-answer: UND_ERR_SOCKET, ECONNRESET, EPIPE, ETIMEDOUT)
 * are retried with the same backoff as the Databricks client (0.5 s, 1 s, 2 s, … + jitter, each
 * wait at most 30 s; a Retry-After in seconds or as a date is honoured within those bounds).
 * Client errors (400, 401, 403, 404), our own time limit and malformed answers are not retried.
 * (LangChain's own caller gives up on a 429 without Retry-After, which Model Serving sends.)
 */
import { MMMError } from "../../errors";
import { retryDelayMs, sleep } from "../../net/backoff";
import { causeChain, netFault } from "../../net/faults";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First wait and floor, in ms. */
  baseDelayMs: number;
  /** Longest single wait, in ms (default 30 000). */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

function status(err: unknown): number | undefined {
  const e = err as { status?: unknown; response?: { status?: unknown } };
  const s = e?.status ?? e?.response?.status;
  return typeof s === "number" ? s : undefined;
}

function retryAfter(err: unknown): string | undefined {
  const h = (err as { headers?: Record<string, string> | Headers })?.headers;
  const v = h instanceof Headers ? h.get("retry-after") : h?.["retry-after"];
  return typeof v === "string" ? v : undefined;
}

export function isRetryable(err: unknown): boolean {
  // A typed error of ours (no answer in time, not JSON, too large, refused URL) is final.
  if (causeChain(err).some((e) => e instanceof MMMError)) return false;
  const s = status(err);
  if (s !== undefined) return s === 429 || s === 408 || s >= 500;
  return netFault(err) === "dropped";
}

/** Run `call`, retrying transient failures; `onRetry` hears about each wait. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (attempt: number, delayMs: number, err: unknown) => void, signal?: AbortSignal): Promise<T> {
  const p = { baseMs: policy.baseDelayMs, maxMs: Math.max(policy.baseDelayMs, policy.maxDelayMs ?? 30_000), maxAttempts: policy.maxRetries + 1 };
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= policy.maxRetries || !isRetryable(err) || signal?.aborted) throw err;
      const delay = retryDelayMs(attempt + 1, p, retryAfter(err));
      onRetry?.(attempt + 1, delay, err);
      await sleep(delay, signal);
    }
  }
}
