/**
 * Which SQL warehouse runs the statements: DATABRICKS_WAREHOUSE_ID (or the profile's
 * warehouse_id), else the workspace's warehouses are listed and a running one is chosen (a stopped
 * one would first have to start, which takes minutes), else the first. The choice is explained.
 */
import { MMMError } from "../errors";
import type { DatabricksClient } from "./http";
import { readProfile } from "./profile";

export interface Warehouse {
  id: string;
  name?: string;
  state?: string;
  /** Why this warehouse: shown to the user. */
  reason: string;
}

interface WarehouseInfo {
  id: string;
  name?: string;
  state?: string;
}

function configuredId(profile?: string): string | undefined {
  if (process.env.DATABRICKS_WAREHOUSE_ID) return process.env.DATABRICKS_WAREHOUSE_ID.trim();
  try {
    return readProfile(profile)?.warehouse_id;
  } catch {
    return undefined; // a missing profile is reported by the auth layer, not here
  }
}

/** The warehouse to use (`id` wins over configuration, configuration over discovery). */
export async function chooseWarehouse(client: DatabricksClient, o: { id?: string; profile?: string; signal?: AbortSignal } = {}): Promise<Warehouse> {
  const id = o.id ?? configuredId(o.profile);
  if (id) return { id, reason: `warehouse ${id} (${o.id ? "as asked" : "DATABRICKS_WAREHOUSE_ID"})` };
  const { warehouses = [] } = await client.api<{ warehouses?: WarehouseInfo[] }>("GET", "/api/2.0/sql/warehouses", undefined, o.signal);
  if (warehouses.length === 0) {
    throw new MMMError("NOT_AVAILABLE", `No SQL warehouse is visible in ${client.host}.`, "Create a SQL warehouse (or get CAN USE on one) and set DATABRICKS_WAREHOUSE_ID to its id.");
  }
  const running = warehouses.find((w) => w.state === "RUNNING");
  const pick = running ?? warehouses[0]!;
  const label = `'${pick.name ?? pick.id}' (${pick.id})`;
  const reason = running
    ? `warehouse ${label}: the first running one of ${warehouses.length}; set DATABRICKS_WAREHOUSE_ID to choose another`
    : `warehouse ${label}: none of ${warehouses.length} is running, so the first (${pick.state ?? "state unknown"}) will be started, which can take a few minutes; set DATABRICKS_WAREHOUSE_ID to choose another`;
  return { id: pick.id, name: pick.name, state: pick.state, reason };
}
