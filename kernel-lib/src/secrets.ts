/**
 * Secrets never leave the process: every text shown to a person or a model (errors, traces,
 * notebook outputs, reports, tool results, exported files) passes through `redact` or
 * `redactDeep`, which mask known secret values (secretSources.ts) and token-shaped strings.
 * The boundaries that call it: the trace recorder, the agent's LLM input/output and tool results,
 * the MIME bundle writer, the report export, the history/state getters and notebook errors.
 */
import { knownSecrets } from "./secretSources";

export { SECRET_ENV_VARS, registerSecret, registerConfigSecrets } from "./secretSources";

export const REDACTED = "[REDACTED]";

/** Token shapes masked even when the value is not known (prefix kept where it helps the reader). */
const SHAPES: { re: RegExp; keep?: boolean }[] = [
  { re: /\b((?:Bearer|bearer|Basic)\s+)[A-Za-z0-9._~+/-]{8,}=*/g, keep: true },
  { re: /\bdapi[A-Za-z0-9_-]{16,}/g },
  { re: /\bsk-[A-Za-z0-9_-]{16,}/g },
  { re: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { re: /\b((?:client_secret|password|passwd|api[_-]?key|secret[_-]?key|access[_-]?token|refresh[_-]?token|token)["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^\s"',;&]{6,}/gi, keep: true },
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The value as it appears raw, inside JSON, inside HTML and inside a URL. */
function variants(s: string): string[] {
  return [s, JSON.stringify(s).slice(1, -1), htmlEscape(s), encodeURIComponent(s)];
}

let compiled: { key: string; re: RegExp | undefined } | undefined;

/** One regex of every known value (and its escaped forms), longest first; rebuilt only when they change. */
function knownPattern(): RegExp | undefined {
  const values = knownSecrets();
  const key = values.join("\0");
  if (compiled?.key !== key) {
    const all = [...new Set(values.flatMap(variants))].sort((a, b) => b.length - a.length);
    compiled = { key, re: all.length ? new RegExp(all.map(escapeRe).join("|"), "g") : undefined };
  }
  return compiled.re;
}

function redactWith(text: string, known: RegExp | undefined): string {
  let out = known ? text.replace(known, REDACTED) : text;
  for (const { re, keep } of SHAPES) out = keep ? out.replace(re, (_m, p: string) => `${p}${REDACTED}`) : out.replace(re, REDACTED);
  return out;
}

/** `text` with every known secret and token-shaped string replaced by "[REDACTED]". */
export function redact(text: string): string {
  return redactWith(text, knownPattern());
}

/** True when `text` holds something `redact` would mask. */
export function holdsSecret(text: string): boolean {
  return redact(text) !== text;
}

function deep(value: unknown, known: RegExp | undefined, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactWith(value, known);
  if (!value || typeof value !== "object" || seen.has(value)) return value;
  if (value instanceof Error) return Object.assign(new Error(redactWith(value.message, known)), { name: value.name });
  const proto = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  let changed = false;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    const k2 = isArray ? k : redactWith(k, known);
    const v2 = deep(v, known, seen);
    if (k2 !== k || v2 !== v) changed = true;
    return [k2, v2] as const;
  });
  seen.delete(value);
  if (!changed) return value;
  return isArray ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

/**
 * A copy of a structured value (plain objects, arrays, strings, errors; keys included) with every
 * string redacted. Returns the same object when nothing needed masking; class instances (frames,
 * dates) are returned as they are.
 */
export function redactDeep<T>(value: T): T {
  return deep(value, knownPattern(), new WeakSet()) as T;
}

/** A redactor bound to the current secrets, for many strings in a row (table cells). */
export function redactor(): (text: string) => string {
  const known = knownPattern();
  return (text) => redactWith(text, known);
}
