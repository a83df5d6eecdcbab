/**
 * Secrets never leave the process: every text shown to a person or a model (errors, traces,
 * notebook outputs, reports) passes through `redact`, which masks known secret values.
 */

/** Environment variables whose values are secrets. */
export const SECRET_ENV_VARS = ["DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "OPENAI_API_KEY", "LLM_API_KEY"] as const;

const registered = new Set<string>();

/** Mask this value wherever it appears from now on (tokens obtained at run time, e.g. OAuth). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) registered.add(value);
}

function secretValues(): string[] {
  const fromEnv = SECRET_ENV_VARS.map((k) => process.env[k]).filter((v): v is string => !!v && v.length >= 6);
  return [...new Set([...fromEnv, ...registered])].sort((a, b) => b.length - a.length);
}

/** `text` with every known secret replaced by "[REDACTED]", and bearer tokens masked. */
export function redact(text: string): string {
  let out = text;
  for (const s of secretValues()) out = out.split(s).join("[REDACTED]");
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/g, "$1[REDACTED]").replace(/\bdapi[0-9a-f]{16,}\b/g, "[REDACTED]");
}
