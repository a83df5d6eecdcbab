/**
 * One Databricks HTTP exchange with the faults handled: a time limit per attempt (headers and
 * body), retries with backoff on 429/502/503/504 and on dropped connections, a cap on the body
 * read, and redirects never followed for authenticated calls (the token would go to the other
 * host). Retrying is safe for what we send: GETs, cancels, and statement submissions — those are
 * read-only SELECTs, so a submission repeated after a dropped connection at worst runs twice.
 */
import { MMMError } from "../errors";
import { redact } from "../secrets";
import { readCapped } from "../net/body";
import { retryDelayMs, sleep, type BackoffPolicy } from "../net/backoff";
import { deadline, formatMs } from "../net/deadline";
import { faultDetail, netFault } from "../net/faults";
import type { TransferStats } from "./http";

export interface Transport {
  fetch: typeof fetch;
  retry: BackoffPolicy;
  timeoutMs: number;
  stats: TransferStats;
}

export interface Exchange {
  /** Who is asked, for messages (host, or a presigned URL without its query). */
  shown: string;
  maxBytes: number;
  /** Authenticated calls: "manual" (a redirect is an error); presigned downloads may follow. */
  redirect: "manual" | "follow";
  signal?: AbortSignal;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  attempts: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/** Send `init` to `url`, retrying transient failures; throws MMMError for transport failures. */
export async function exchange(t: Transport, url: string, init: RequestInit, x: Exchange): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= t.retry.maxAttempts;
    let answer: Answer;
    try {
      answer = await attemptOnce(t, url, init, x, attempt);
    } catch (err) {
      if (err instanceof MMMError || x.signal?.aborted || last || netFault(err) !== "dropped") throw failure(err, x, attempt, t.timeoutMs);
      await sleep(retryDelayMs(attempt, t.retry, undefined), x.signal);
      continue;
    }
    if (!RETRYABLE.has(answer.status) || last) return answer;
    await sleep(retryDelayMs(attempt, t.retry, answer.headers.get("retry-after")), x.signal);
  }
}

async function attemptOnce(t: Transport, url: string, init: RequestInit, x: Exchange, attempt: number): Promise<Answer> {
  t.stats.requests++;
  t.stats.requestBytes += url.length + (typeof init.body === "string" ? Buffer.byteLength(init.body) : 0);
  const d = deadline(t.timeoutMs, x.signal);
  try {
    const res = await t.fetch(url, { ...init, redirect: x.redirect, signal: d.signal });
    if (res.status >= 300 && res.status < 400 && x.redirect === "manual") {
      await res.body?.cancel().catch(() => undefined);
      throw redirected(res, x.shown);
    }
    const body = await readCapped(res, { maxBytes: x.maxBytes, code: "READ_FAILED", from: `Databricks at ${x.shown}` });
    t.stats.responseBytes += body.length;
    return { status: res.status, headers: res.headers, body, attempts: attempt };
  } catch (err) {
    if (d.timedOut()) throw new TimedOut();
    throw err;
  } finally {
    d.clear();
  }
}

class TimedOut extends Error {}

function redirected(res: Response, shown: string): MMMError {
  let to = "another location";
  try {
    to = new URL(res.headers.get("location") ?? "", shown.startsWith("http") ? shown : `https://${shown}`).origin;
  } catch {
    /* keep the generic wording */
  }
  return new MMMError(
    "READ_FAILED",
    `Databricks at ${shown} answered with a redirect (HTTP ${res.status}) to ${to}; it was not followed, so the token was not sent there.`,
    "Set DATABRICKS_HOST to the workspace URL itself (https://<workspace>.cloud.databricks.com or .azuredatabricks.net), not an address that redirects.",
  );
}

/** The honest message for a transport failure: no answer, dropped, or could not connect. */
function failure(err: unknown, x: Exchange, attempts: number, timeoutMs: number): unknown {
  if (err instanceof MMMError) return err;
  if (x.signal?.aborted) return x.signal.reason ?? err;
  if (err instanceof TimedOut) {
    return new MMMError(
      "READ_FAILED",
      `No answer from ${x.shown} in ${formatMs(timeoutMs)}.`,
      "The workspace (or a proxy in between) accepted the connection but did not reply; try again, check the workspace's status, or raise requestTimeoutMs.",
    );
  }
  const detail = redact(faultDetail(err));
  if (netFault(err) === "dropped") {
    return new MMMError("READ_FAILED", `The connection to ${x.shown} was dropped ${attempts > 1 ? `${attempts} times in a row` : ""} (${detail}).`.replace("  (", " ("), "The network or a proxy closes connections; try again in a minute.");
  }
  return new MMMError("READ_FAILED", `Could not connect to ${x.shown} (${detail}).`, "Check DATABRICKS_HOST and the network (VPN, proxy).");
}
