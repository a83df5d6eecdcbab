/**
 * Databricks pushdown at scale, against the local protocol server (no workspace is reachable):
 * a 5-million-row transaction table (date, region, channel, spend, revenue) aggregated to weekly
 * rows per region and channel in the "warehouse" (the fake server executes the generated SQL with
 * Polars SQL). Reports the bytes that crossed the wire (requests + responses) against the raw table
 * as Arrow, the wall time, and — for contrast — pulling the whole table over as Arrow chunks.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { aggregateWeekly } from "../kernel-lib/src/data/aggregate";
import { pl, type DataFrame } from "../kernel-lib/src/data/polars";
import { createClient } from "../kernel-lib/src/databricks/http";
import { aggregateWeeklyRemote } from "../kernel-lib/src/databricks/pushdown";
import { openSqlSession } from "../kernel-lib/src/databricks/session";
import { startFakeWarehouse } from "../test/helpers/fakeWarehouse";
import { runOnPolars } from "../test/helpers/polarsSqlAdapter";

const ROWS = Number(process.env.BENCH_DATABRICKS_ROWS ?? 5_000_000);
const TABLE = "`main`.`sales`.`transactions`";
const TOKEN = "dapi-bench-token-0000000000";
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Three years of transactions, three regions, six channels; deterministic. */
function generate(): DataFrame {
  const channels = ["tv", "radio", "search", "social", "display", "ooh"];
  const regions = ["north", "south", "west"];
  const date = new Int32Array(ROWS);
  const ch = new Uint8Array(ROWS);
  const rg = new Uint8Array(ROWS);
  const spend = new Float64Array(ROWS);
  const revenue = new Float64Array(ROWS);
  let s = 4242;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < ROWS; i++) {
    date[i] = 19358 + Math.floor((i * 1095) / ROWS);
    ch[i] = Math.floor(rnd() * channels.length);
    rg[i] = Math.floor(rnd() * regions.length);
    spend[i] = Math.round(rnd() * 50_000) / 100;
    revenue[i] = Math.round(rnd() * 200_000) / 100;
  }
  const codes = (name: string, c: Uint8Array) => pl.Series(name, c as unknown as number[], pl.UInt8).cast(pl.Utf8);
  const text = (name: string, values: string[]) =>
    pl.col(name).replace(
      values.map((_, i) => String(i)),
      values,
    );
  return pl.DataFrame([pl.Series("date", date, pl.Int32).cast(pl.Date), codes("region", rg), codes("channel", ch), pl.Series("spend", spend), pl.Series("revenue", revenue)]).withColumns(text("region", regions), text("channel", channels));
}

const mb = (b: number) => Number((b / 1e6).toFixed(3));

/** Runs the benchmark in its own process (it needs the event loop for the server; run.ts is synchronous). */
export function databricksBench(): Record<string, unknown>[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", __filename], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out) as Record<string, unknown>[];
}

async function runBench(): Promise<Record<string, unknown>[]> {
  log(`databricks: generating ${ROWS} transactions`);
  const data = generate();
  const rawArrowBytes = data.writeIPCStream().length;
  let serverMs = 0;
  const server = await startFakeWarehouse({
    token: TOKEN,
    onStatement: (sql, body) => {
      if (!sql.includes(TABLE)) return undefined;
      const t0 = performance.now();
      const frame = sql === `SELECT * FROM ${TABLE}` ? data : runOnPolars(data, sql, TABLE, body.parameters);
      serverMs += performance.now() - t0;
      return { frame, chunkRows: 500_000 };
    },
  });
  try {
    const session = await openSqlSession({ client: createClient({ host: server.url, token: TOKEN, allowInsecureLocalhost: true }), warehouseId: "wh-bench", pollIntervalMs: 20 });
    const opts = { dateCol: "date", geoCol: "region", pivotCol: "channel" };
    const t0 = performance.now();
    const remote = await aggregateWeeklyRemote("main.sales.transactions", { ...opts, session });
    const wallMs = performance.now() - t0;
    const pushServerMs = serverMs;
    const local = aggregateWeekly(data, opts).frame;
    const transferred = remote.transfer.requestBytes + remote.transfer.responseBytes;
    log(`  pushdown: ${remote.frame.height} weekly rows, ${mb(transferred)} MB over the wire vs ${mb(rawArrowBytes)} MB raw Arrow, ${Math.round(wallMs)} ms`);

    const before = { ...session.stats };
    const t1 = performance.now();
    const full = await session.query(`SELECT * FROM ${TABLE}`);
    const fullMs = performance.now() - t1;
    const fullBytes = session.stats.requestBytes - before.requestBytes + session.stats.responseBytes - before.responseBytes;
    log(`  full pull: ${full.height} rows, ${mb(fullBytes)} MB, ${Math.round(fullMs)} ms`);
    return [
      {
        name: "databricks_pushdown_weekly_5m",
        rows: ROWS,
        weeklyRows: remote.frame.height,
        weeklyColumns: remote.frame.width,
        rawTableArrowMb: mb(rawArrowBytes),
        transferredBytes: { request: remote.transfer.requestBytes, response: remote.transfer.responseBytes, total: transferred },
        transferredMb: mb(transferred),
        fractionOfRaw: Number((transferred / rawArrowBytes).toExponential(2)),
        requests: remote.transfer.requests,
        wallMs: Math.round(wallMs),
        fakeWarehouseExecMs: Math.round(pushServerMs),
        sameAsLocal: sameFrame(remote.frame, local),
        fullPullForContrast: { rows: full.height, mb: mb(fullBytes), ms: Math.round(fullMs), chunks: Math.ceil(ROWS / 500_000) },
        target: "only the weekly rows cross the wire",
        pass: transferred < rawArrowBytes / 100,
        note: `local protocol server on 127.0.0.1 (${path.basename(__filename)}); SQL executed by Polars SQL after a Databricks→Polars rewrite`,
      },
    ];
  } finally {
    await server.close();
  }
}

function sameFrame(a: DataFrame, b: DataFrame): boolean {
  if (a.height !== b.height || a.columns.join() !== b.columns.join()) return false;
  return b.columns.every((c) => {
    const [x, y] = [a.getColumn(c).toArray(), b.getColumn(c).toArray()];
    return x.every((v, i) => (typeof v === "number" ? Math.abs(v - (y[i] as number)) <= 1e-9 * Math.max(1, Math.abs(y[i] as number)) : String(v) === String(y[i])));
  });
}

if (require.main === module) {
  runBench().then(
    (r) => process.stdout.write(JSON.stringify(r)),
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
