/**
 * `run_bayesian_mmm`'s `refresh` option (issue #16 item 5): refresh the loaded or fitted model with
 * new weeks (engine.refresh) instead of fitting anew. An option, not a tool of its own: a new
 * MODELING tool would bind a 29th built-in into the EVALUATION scope (its neighbour), past the 28
 * that leave room for the analyst's custom tools. The before/after ROAS chart is recorded under
 * "refresh"; the answer is per fit and channel what moved and why.
 */
import { z } from "zod";
import { refreshFigure } from "../report/charts/refresh";
import { chainProgress } from "./bayesCost";
import type { ToolContext } from "./types";

export const refreshOption = z
  .object({
    source: z.string().describe("the new weeks: a CSV/Parquet/Excel/JSON path or URL, or catalog.schema.table, with the model's columns"),
    warmStart: z.boolean().optional().describe("start from the saved posterior (default true; 300 warm-up iterations)"),
    warmup: z.number().int().min(50).max(5000).optional(),
    research: z.boolean().optional().describe("ridge: search the penalty again instead of keeping the saved one"),
  })
  .optional()
  .describe("refresh the loaded/fitted model with new weeks (appended after its end; weeks it already has are replaced) and report how each channel's ROAS moved and why (drift vs more data)");

/** Refresh, record the chart, and answer compactly. */
export async function runRefresh(r: NonNullable<z.infer<typeof refreshOption>>, run: { chains: number; draws: number; seed: number }, ctx: ToolContext) {
  const { engine } = ctx;
  const report = await engine.refresh(r.source, {
    warmStart: r.warmStart,
    warmup: r.warmup,
    research: r.research,
    ...run,
    onProgress: chainProgress(ctx, "refresh: "),
  });
  const shown = report.fits.find((f) => f.kind === "bayesian") ?? report.fits[0];
  if (shown) engine.analysis.setFigure("refresh", refreshFigure(shown));
  return {
    refreshed: true,
    added: report.added,
    replaced: report.replaced,
    fits: report.fits.map((f) => ({
      kind: f.kind,
      weeks: f.after.weeks,
      outOfSample: f.outOfSample,
      sampler: f.sampler,
      channels: f.channels.map((c) => ({ name: c.name, roasBefore: c.roas.before, roasAfter: c.roas.after, why: c.why, reason: c.reason })),
    })),
    rule: report.rule,
    chart: "refresh",
    warnings: report.warnings,
  };
}
