/**
 * Databricks authentication: a personal access token, or OAuth machine-to-machine (service
 * principal client id + secret → a token from `{host}/oidc/v1/token`, refreshed a minute before it
 * expires), from options, environment variables or a `~/.databrickscfg` profile — in that order.
 * Tokens are registered as secrets, so they are masked wherever text leaves the process.
 */
import { MMMError } from "../errors";
import { registerSecret } from "../secrets";
import { readProfile } from "./profile";

export interface DatabricksAuthOptions {
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  /** A ~/.databrickscfg profile name (default DATABRICKS_CONFIG_PROFILE, then DEFAULT). */
  profile?: string;
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

async function fetchOAuthToken(host: string, clientId: string, clientSecret: string): Promise<{ token: string; expiresAt: number }> {
  let res: Response;
  try {
    res = await fetch(`${host}/oidc/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
      body: "grant_type=client_credentials&scope=all-apis",
    });
  } catch (err) {
    throw new MMMError("LLM_UNREACHABLE", `Could not reach ${host}/oidc/v1/token (${(err as Error).message}).`, "Check DATABRICKS_HOST and the network.");
  }
  if (!res.ok) {
    throw new MMMError("LLM_AUTH", `The Databricks OAuth token endpoint refused the service principal (HTTP ${res.status}).`, "Check DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET (an OAuth secret of the service principal) and that it belongs to this workspace.");
  }
  const body = (await res.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new MMMError("LLM_AUTH", "The Databricks OAuth token endpoint returned no access_token.", "Check the workspace URL (DATABRICKS_HOST).");
  registerSecret(body.access_token);
  return { token: body.access_token, expiresAt: Date.now() + 1000 * (body.expires_in ?? 3600) };
}

/** Resolve credentials: options, then DATABRICKS_* environment variables, then the profile. */
export function databricksAuth(o: DatabricksAuthOptions = {}): DatabricksAuth {
  const env = process.env;
  const fromEnv = !!(env.DATABRICKS_HOST || env.DATABRICKS_TOKEN || env.DATABRICKS_CLIENT_ID);
  const profile = o.profile || !fromEnv ? readProfile(o.profile) : undefined;
  const host = o.host ?? env.DATABRICKS_HOST ?? profile?.host;
  if (!host) throw new MMMError("INVALID_ARGUMENT", "No Databricks workspace URL is configured.", "Set DATABRICKS_HOST (e.g. https://adb-123.azuredatabricks.net), or use a ~/.databrickscfg profile (DATABRICKS_CONFIG_PROFILE).");
  const base = normaliseHost(host);
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
