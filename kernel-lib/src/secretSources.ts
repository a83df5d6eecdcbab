/**
 * Where known secret values come from: the environment (named variables and any *_TOKEN, *_SECRET,
 * *_KEY, *PASSWORD), every profile of the Databricks config file, and values registered at run time
 * (LLM config keys, OAuth tokens). Read on every redaction, cheaply: the env scan costs ~15 µs and
 * the config file is re-read only when its mtime, size or path changes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Environment variables whose values are secrets (whatever their length, from 6 characters). */
export const SECRET_ENV_VARS = ["DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "OPENAI_API_KEY", "LLM_API_KEY", "ANTHROPIC_API_KEY"] as const;

/** Other variables whose names say they hold a secret. */
const SECRET_NAME = /(?:_TOKEN|_SECRET|_KEY|PASSWORD)$/i;
/** Keys of config objects (LLM spec, headers) whose string values are secrets. */
const SECRET_KEY = /(?:api_?key|token|secret|password|passwd|authorization|credential)/i;
/** Keys of the Databricks config file whose values are secrets. */
const CFG_KEYS = new Set(["token", "client_secret", "password", "azure_client_secret", "google_credentials"]);

const registered = new Set<string>();

/** A value that could plausibly be a secret (not "true", not a number, not too short). */
function secretLike(v: string, min: number): boolean {
  return v.length >= min && !/^(?:true|false|yes|no|on|off|null|none)$/i.test(v) && !/^[\d\s.,:+-]+$/.test(v);
}

/** Mask this value wherever it appears from now on (tokens obtained at run time, e.g. OAuth). */
export function registerSecret(value: string | undefined): void {
  if (typeof value !== "string") return;
  const v = value.trim();
  if (secretLike(v, 6)) registered.add(v);
  const bearer = /^(?:Bearer|Basic)\s+(\S+)$/i.exec(v)?.[1];
  if (bearer && secretLike(bearer, 6)) registered.add(bearer);
}

/**
 * Register every secret-looking field of a config object (the LLM spec passed to initMMM: apiKey,
 * token, clientSecret, headers.Authorization …), a few levels deep.
 */
export function registerConfigSecrets(config: unknown, depth = 0): void {
  if (!config || typeof config !== "object" || depth > 4) return;
  const proto = Object.getPrototypeOf(config);
  if (proto !== Object.prototype && proto !== null && !Array.isArray(config)) return;
  for (const [k, v] of Object.entries(config as Record<string, unknown>)) {
    if (typeof v === "string" && SECRET_KEY.test(k)) registerSecret(v);
    else if (typeof v === "object") registerConfigSecrets(v, depth + 1);
  }
}

function envSecrets(out: string[]): void {
  const env = process.env;
  for (const k of SECRET_ENV_VARS) {
    const v = env[k];
    if (v && secretLike(v, 6)) out.push(v);
  }
  for (const k in env) {
    const v = env[k];
    if (v && SECRET_NAME.test(k) && secretLike(v, 8)) out.push(v);
  }
}

let cfgCache: { key: string; values: string[] } | undefined;

function cfgPath(): string {
  return process.env.DATABRICKS_CONFIG_FILE ?? path.join(os.homedir(), ".databrickscfg");
}

/** Secret values of every profile (INI: `[profile]` then `key = value`). */
function parseCfgSecrets(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const kv = /^\s*([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*$/.exec(raw);
    if (kv && CFG_KEYS.has(kv[1]!.toLowerCase()) && secretLike(kv[2]!, 6)) out.push(kv[2]!);
  }
  return out;
}

function cfgSecrets(out: string[]): void {
  const file = cfgPath();
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st?.isFile()) return;
  const key = `${file}\0${st.mtimeMs}\0${st.size}\0${st.ino}`;
  if (cfgCache?.key !== key) {
    let values: string[] = [];
    try {
      values = parseCfgSecrets(fs.readFileSync(file, "utf8"));
    } catch {
      // Unreadable config: nothing to mask from it (and nothing we could leak from it either).
    }
    cfgCache = { key, values };
  }
  out.push(...cfgCache.values);
}

/** Every known secret value now, deduplicated. */
export function knownSecrets(): string[] {
  const out: string[] = [];
  envSecrets(out);
  cfgSecrets(out);
  out.push(...registered);
  return [...new Set(out)];
}
