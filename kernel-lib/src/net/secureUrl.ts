/**
 * Credentials travel only over https. Plain http is accepted for a loopback host (a local fake
 * warehouse, a llama.cpp server on localhost) and only when the caller opts in — with an option or
 * AGENTIC_MMM_ALLOW_HTTP_LOCALHOST=1 — so a mistyped `http://` workspace URL never sends a token in
 * clear text. Checked before anything is sent.
 */
import { MMMError } from "../errors";

export const ALLOW_HTTP_ENV = "AGENTIC_MMM_ALLOW_HTTP_LOCALHOST";

export interface SecureUrlOptions {
  /** Accept http:// for localhost / 127.0.0.0/8 / ::1 (default: the environment variable). */
  allowInsecureLocalhost?: boolean;
  /** What the URL is, for the message ("the Databricks workspace", "the LLM endpoint"). */
  what: string;
  /** Where the URL comes from, for the hint ("DATABRICKS_HOST", "baseURL"). */
  setting: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

export function httpOptIn(option?: boolean): boolean {
  return option ?? process.env[ALLOW_HTTP_ENV] === "1";
}

/** Throws INVALID_ARGUMENT unless `url` is https (or opted-in loopback http). */
export function assertSecureUrl(url: string, o: SecureUrlOptions): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MMMError("INVALID_ARGUMENT", `${o.what} URL '${url.slice(0, 200)}' is not a valid URL.`, `Set ${o.setting} to an https:// URL.`);
  }
  if (u.protocol === "https:") return;
  const shown = `${u.protocol}//${u.host}`;
  if (u.protocol !== "http:") throw new MMMError("INVALID_ARGUMENT", `${o.what} URL ${shown} is not https; nothing was sent.`, `Set ${o.setting} to an https:// URL.`);
  if (!isLoopbackHost(u.hostname)) {
    throw new MMMError(
      "INVALID_ARGUMENT",
      `Refusing to send credentials to ${o.what} at ${shown} over plain http (readable by anyone on the network); nothing was sent.`,
      `Use https://${u.host} in ${o.setting}. Plain http is only possible for a server on localhost, with allowInsecureLocalhost: true or ${ALLOW_HTTP_ENV}=1.`,
    );
  }
  if (!httpOptIn(o.allowInsecureLocalhost)) {
    throw new MMMError("INVALID_ARGUMENT", `${o.what} at ${shown} uses plain http; nothing was sent.`, `For a local test server, opt in with allowInsecureLocalhost: true (or ${ALLOW_HTTP_ENV}=1); otherwise use https in ${o.setting}.`);
  }
}
