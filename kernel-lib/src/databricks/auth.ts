/**
 * Databricks authentication: a personal access token, or OAuth machine-to-machine (service
 * principal client id + secret → a token from `{host}/oidc/v1/token`, refreshed a minute before it
 * expires), from options, environment variables or a `~/.databrickscfg` profile — in that order.
 * Tokens are registered as secrets, so they are masked wherever text leaves the process.
 */
import { MMMError } from "../errors";
import { redact, registerSecret } from "../secrets";
import { bodyStart, readCapped } from "../net/body";
import { deadline, formatMs } from "../net/deadline";
import { assertSecureUrl } from "../net/secureUrl";
import { readProfile } from "./profile";

export interface DatabricksAuthOptions {
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  /** A ~/.databrickscfg profile name (default DATABRICKS_CONFIG_PROFILE, then DEFAULT). */
  profile?: string;
  /** Accept an http:// host on localhost (test servers); default AGENTIC_MMM_ALLOW_HTTP_LOCALHOST=1. */
  allowInsecureLocalhost?: boolean;
}

export interface DatabricksAuth {
  host: string;
  kind: "pat" | "oauth-m2m";
  /** A valid bearer token (OAuth: cached, refreshed before expiry). */
  token(): Promise<string>;
}

/** `https://host` without a trailing slash (accepts a bare host name). */
export function normaliseHost(host: string): string {
  const h = host.trim().replace(/\/+$/, "");
  return /^https?:\/\//.test(h) ? h : `https://${h}`;
}

const OAUTH_TIMEOUT_MS = 30_000;

/** POST the client credentials (time-limited, no redirects: the secret must not go elsewhere). */
async function postTokenRequest(url: string, clientId: string, clientSecret: string): Promise<{ status: number; text: string }> {
  const d = deadline(OAUTH_TIMEOUT_MS);
  try {
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: d.signal,
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
      body: "grant_type=client_credentials&scope=all-apis",
    });
    const body = await readCapped(res, { maxBytes: 1024 * 1024, code: "LLM_AUTH", from: url });
    return { status: res.status, text: body.toString("utf8") };
  } catch (err) {
    if (err instanceof MMMError) throw err;
    if (d.timedOut()) throw new MMMError("LLM_UNREACHABLE", `No answer from ${url} in ${formatMs(OAUTH_TIMEOUT_MS)}.`, "Check DATABRICKS_HOST and the workspace's status, then try again.");
    throw new MMMError("LLM_UNREACHABLE", `Could not reach ${url} (${(err as Error).message}).`, "Check DATABRICKS_HOST and the network.");
  } finally {
    d.clear();
  }
}

async function fetchOAuthToken(host: string, clientId: string, clientSecret: string): Promise<{ token: string; expiresAt: number }> {
  const { status, text } = await postTokenRequest(`${host}/oidc/v1/token`, clientId, clientSecret);
  if (status < 200 || status >= 300) {
    throw new MMMError(
      "LLM_AUTH",
      `The Databricks OAuth token endpoint refused the service principal (HTTP ${status}).`,
      "Check DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET (an OAuth secret of the service principal) and that it belongs to this workspace.",
    );
  }
  type TokenBody = { access_token?: unknown; expires_in?: unknown } | null;
  let body: TokenBody;
  try {
    body = JSON.parse(text) as TokenBody;
  } catch {
    throw new MMMError("LLM_AUTH", `The Databricks OAuth token endpoint answered with something that is not JSON (status ${status}, ${redact(bodyStart(text))}).`, "Check the workspace URL (DATABRICKS_HOST).");
  }
  if (typeof body?.access_token !== "string" || !body.access_token) throw new MMMError("LLM_AUTH", "The Databricks OAuth token endpoint returned no access_token.", "Check the workspace URL (DATABRICKS_HOST).");
  registerSecret(body.access_token);
  const ttl = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600;
  return { token: body.access_token, expiresAt: Date.now() + 1000 * ttl };
}

/** Resolve credentials: options, then DATABRICKS_* environment variables, then the profile. */
export function databricksAuth(o: DatabricksAuthOptions = {}): DatabricksAuth {
  const env = process.env;
  const fromEnv = !!(env.DATABRICKS_HOST || env.DATABRICKS_TOKEN || env.DATABRICKS_CLIENT_ID);
  const profile = o.profile || !fromEnv ? readProfile(o.profile) : undefined;
  const host = o.host ?? env.DATABRICKS_HOST ?? profile?.host;
  if (!host) throw new MMMError("INVALID_ARGUMENT", "No Databricks workspace URL is configured.", "Set DATABRICKS_HOST (e.g. https://adb-123.azuredatabricks.net), or use a ~/.databrickscfg profile (DATABRICKS_CONFIG_PROFILE).");
  const base = normaliseHost(host);
  assertSecureUrl(base, { allowInsecureLocalhost: o.allowInsecureLocalhost, what: "the Databricks workspace", setting: "DATABRICKS_HOST" });
  const pat = o.token ?? env.DATABRICKS_TOKEN ?? profile?.token;
  const clientId = o.clientId ?? env.DATABRICKS_CLIENT_ID ?? profile?.client_id;
  const clientSecret = o.clientSecret ?? env.DATABRICKS_CLIENT_SECRET ?? profile?.client_secret;
  if (pat) {
    registerSecret(pat);
    return { host: base, kind: "pat", token: async () => pat };
  }
  if (clientId && clientSecret) {
    registerSecret(clientSecret);
    let cached: { token: string; expiresAt: number } | undefined;
    let pending: Promise<{ token: string; expiresAt: number }> | undefined;
    const token = async () => {
      if (cached && cached.expiresAt - Date.now() > 60_000) return cached.token;
      // One request at a time: concurrent callers share the refresh.
      pending ??= fetchOAuthToken(base, clientId, clientSecret).finally(() => (pending = undefined));
      cached = await pending;
      return cached.token;
    };
    return { host: base, kind: "oauth-m2m", token };
  }
  throw new MMMError("LLM_AUTH", `No Databricks credentials for ${base}.`, "Set DATABRICKS_TOKEN (a personal access token), or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (OAuth machine-to-machine), or a ~/.databrickscfg profile.");
}

/** A fetch that adds `Authorization: Bearer <fresh token>` (used by the OpenAI client for serving). */
export function authorisedFetch(auth: DatabricksAuth): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${await auth.token()}`);
    return fetch(input, { ...init, headers });
  };
}
