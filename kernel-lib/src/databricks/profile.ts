/**
 * `~/.databrickscfg` profiles (the Databricks CLI/SDK format): INI sections with host, token,
 * client_id, client_secret. The file is DATABRICKS_CONFIG_FILE or ~/.databrickscfg; the profile is
 * DATABRICKS_CONFIG_PROFILE or DEFAULT.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMError } from "../errors";

export interface DatabricksProfile {
  host?: string;
  token?: string;
  client_id?: string;
  client_secret?: string;
  warehouse_id?: string;
}

export function parseDatabricksCfg(text: string): Record<string, DatabricksProfile> {
  const out: Record<string, Record<string, string>> = {};
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      out[section] ??= {};
      continue;
    }
    const kv = /^([A-Za-z_][\w.-]*)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && section) out[section]![kv[1]!.toLowerCase()] = kv[2]!.trim();
  }
  return out as Record<string, DatabricksProfile>;
}

export function configFilePath(): string {
  return process.env.DATABRICKS_CONFIG_FILE ?? path.join(os.homedir(), ".databrickscfg");
}

/** The named profile (undefined when there is no config file and no profile was asked for). */
export function readProfile(name?: string): DatabricksProfile | undefined {
  const file = configFilePath();
  const wanted = name ?? process.env.DATABRICKS_CONFIG_PROFILE;
  if (!fs.existsSync(file)) {
    if (wanted) throw new MMMError("INVALID_ARGUMENT", `Databricks profile '${wanted}' was asked for, but ${file} does not exist.`, "Create it with `databricks configure`, or set DATABRICKS_HOST and DATABRICKS_TOKEN.");
    return undefined;
  }
  const profiles = parseDatabricksCfg(fs.readFileSync(file, "utf8"));
  const p = profiles[wanted ?? "DEFAULT"];
  if (!p && wanted) throw new MMMError("INVALID_ARGUMENT", `Databricks profile '${wanted}' is not in ${file}.`, `Profiles there: ${Object.keys(profiles).join(", ") || "none"}.`);
  return p;
}
