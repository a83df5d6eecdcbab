/**
 * Reading a response body with a size cap, so a hostile or broken server cannot exhaust the
 * kernel's memory: the declared Content-Length is checked first, then the stream is counted and
 * cancelled as soon as it passes the cap.
 */
import { MMMError, type MMMErrorCode } from "../errors";

/** JSON answers (REST calls, chat completions). Arrow result chunks have their own, larger cap. */
export const MAX_JSON_BYTES = 50 * 1024 * 1024;

export interface BodyCap {
  maxBytes: number;
  code: MMMErrorCode;
  /** Who answered, for the message. */
  from: string;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

function tooLarge(cap: BodyCap, seen: number, declared: boolean): MMMError {
  const size = declared ? `declares ${mb(seen)}` : `sent more than ${mb(cap.maxBytes)}`;
  return new MMMError(
    cap.code,
    `The answer from ${cap.from} is too large (it ${size}; the limit is ${mb(cap.maxBytes)}); it was not read.`,
    "The server misbehaves or the request asks for too much: narrow the query, or raise the limit if this is expected.",
  );
}

export async function readCapped(res: Response, cap: BodyCap): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > cap.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(cap, declared, true);
  }
  if (!res.body) return Buffer.alloc(0);
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(cap, total, false);
    }
    parts.push(value);
  }
  return Buffer.concat(parts, total);
}

/** "starts with '<html><head>…'" — a short, single-line look at a body that is not what we expected. */
export function bodyStart(text: string, n = 40): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t ? `starts with '${t.slice(0, n)}${t.length > n ? "…" : ""}'` : "empty";
}
