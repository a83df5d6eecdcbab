/**
 * What kind of network failure an error is, read from its cause chain (fetch wraps undici's
 * SocketError in "TypeError: fetch failed" / "terminated"; the OpenAI SDK wraps that again in
 * APIConnectionError). "dropped" — a connection reset or closed mid-answer — is worth retrying;
 * "refused" and "unresolved" are configuration problems that retrying would only delay.
 */

export type NetFault = "dropped" | "refused" | "unresolved" | "connect-timeout";

const DROPPED_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_CLOSED", "ECONNABORTED"]);
const DROPPED_TEXT = /other side closed|socket hang up|^terminated$/i;

/** The errors of a cause chain, outermost first (bounded: chains can be cyclic). */
export function causeChain(err: unknown, max = 6): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && out.length < max && !out.includes(e); e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

const codeOf = (e: unknown): string => String((e as { code?: unknown })?.code ?? "");
const messageOf = (e: unknown): string => String((e as { message?: unknown })?.message ?? "");

export function netFault(err: unknown): NetFault | undefined {
  for (const e of causeChain(err)) {
    const code = codeOf(e);
    if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH") return "refused";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "unresolved";
    if (code === "UND_ERR_CONNECT_TIMEOUT") return "connect-timeout";
    if (DROPPED_CODES.has(code) || DROPPED_TEXT.test(messageOf(e))) return "dropped";
  }
  return undefined;
}

/** "UND_ERR_SOCKET: other side closed" — the innermost code and message, for error texts. */
export function faultDetail(err: unknown): string {
  const chain = causeChain(err);
  const inner = [...chain].reverse().find((e) => codeOf(e)) ?? chain[chain.length - 1];
  const code = codeOf(inner);
  const msg = messageOf(inner).slice(0, 200);
  return code && msg && !msg.includes(code) ? `${code}: ${msg}` : msg || code || "connection failed";
}
