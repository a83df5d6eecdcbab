/**
 * One timed weekly aggregation of the benchmark table, run in its own process so peak RSS is
 * per method. Prints one JSON line: { method, ms, rows, maxRssMb, checksum }.
 */
import { aggregateWeekly } from "../kernel-lib/src/data/aggregate";
import { weekStartExpr } from "../kernel-lib/src/data/dates";
import { pl } from "../kernel-lib/src/data/polars";

const [method, file] = process.argv.slice(2) as ["ours" | "direct", string];

/** The same aggregation as a Polars user would write it by hand. */
function direct(): import("nodejs-polars").DataFrame {
  const byChannel = pl
    .scanParquet(file)
    .withColumns(weekStartExpr(pl.col("date")).alias("date"))
    .groupBy(["date", "channel"])
    .agg(pl.col("spend").sum(), pl.col("revenue").sum())
    .collectSync();
  const revenue = byChannel.groupBy("date").agg(pl.col("revenue").sum());
  const spend = byChannel.pivot("spend", { index: "date", on: "channel", aggregateFunc: "sum" });
  const renamed = spend.rename(Object.fromEntries(spend.columns.filter((c) => c !== "date").map((c) => [c, `${c}_spend`])));
  return revenue.join(renamed, { on: "date" }).sort("date");
}

function ours(): import("nodejs-polars").DataFrame {
  return aggregateWeekly(pl.scanParquet(file), { dateCol: "date", pivotCol: "channel" }).frame;
}

const t0 = performance.now();
const out = method === "ours" ? ours() : direct();
const ms = performance.now() - t0;
const checksum = out.columns.filter((c) => c !== "date").reduce((a, c) => a + (out.getColumn(c).sum() as number), 0);
console.log(JSON.stringify({ method, ms: Math.round(ms), rows: out.height, columns: out.width, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), checksum }));
