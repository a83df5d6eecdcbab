/**
 * The 14 data tools: status, load, profile and explore, read-only SQL, and the preparation steps
 * (clean, time features, weekly aggregation), and setting column roles. Each is a thin, typed call into MMMEngine.
 */
import { z } from "zod";
import { PHASES } from "../workflow";
import type { DataProfile } from "../data/profile";
import { defineTool, type MmmTool } from "./types";

const column = z.string().describe("Column name, exactly as in the data");
const columns = z.array(z.string());

/** The profile without per-column detail for unremarkable columns (keeps the context small). */
export function profileSummary(p: DataProfile) {
  const flagged = Object.entries(p.quality).filter(([, q]) => q.nulls > 0 || q.constant || q.allNull || (q.negatives ?? 0) > 0 || (q.outliersZ ?? 0) > 0 || Math.abs(q.skew ?? 0) > 2 || (q.vif ?? 0) > 10);
  return {
    rows: p.rows,
    columns: p.columnNames,
    granularity: p.granularity,
    roles: rolesSummary(p),
    timeline: p.timeline && { start: p.timeline.start, end: p.timeline.end, weeks: p.timeline.weeks, periods: p.timeline.periods, gaps: p.timeline.gaps.missing, duplicateDates: p.timeline.duplicateDates.count, geos: p.timeline.geos },
    needsAggregation: p.needsAggregation,
    sufficient: p.sufficient,
    suitable: p.suitable,
    unsuitableBecause: p.unsuitableBecause,
    minRowsForMmm: p.minRowsForMmm,
    qualityIssues: Object.fromEntries(flagged.map(([c, q]) => [c, { nulls: q.nulls, constant: q.constant, negatives: q.negatives, outliers: q.outliersZ, skew: q.skew, vif: q.vif }])),
    warnings: p.warnings,
  };
}

/** Roles with the evidence the agent needs to decide whether to ask: reasons and confidence of the doubtful ones. */
function rolesSummary(p: DataProfile) {
  const r = p.roles;
  const doubtful = Object.keys(r.confidence).filter((c) => r.confidence[c] !== "high" && !r.ignored.includes(c));
  return {
    date: r.date,
    kpi: r.kpi,
    kpiGiven: r.given.includes(r.kpi ?? ""),
    kpiCandidates: r.kpiCandidates,
    channels: r.channels,
    channelsGiven: r.channels.length > 0 && r.channels.every((c) => r.given.includes(c)),
    controls: r.controls,
    organic: r.organic,
    ...rfSummary(r),
    geo: r.geo,
    impressions: r.impressions,
    categorical: r.categorical,
    ignored: r.ignored,
    channelCandidates: r.channelCandidates,
    negativeSpend: r.negativeSpend,
    given: r.given,
    problems: r.problems,
    why: Object.fromEntries([...r.channels, ...r.channelCandidates, ...doubtful].map((c) => [c, `${r.confidence[c] ?? "high"}: ${r.reasons[c] ?? ""}`])),
  };
}

/** R&F channels and notes, only when there are any (answers on data without them stay as they were). */
function rfSummary(r: DataProfile["roles"]) {
  return { ...(r.rf.length ? { rf: r.rf } : {}), ...(r.rfNotes.length ? { rfNotes: r.rfNotes } : {}) };
}

const roleFields = {
  kpiCol: z.string().optional().describe("the KPI column"),
  dateCol: z.string().optional(),
  geoCol: z.string().optional(),
  channels: columns.optional().describe("the paid-media columns, exactly"),
  controls: columns.optional().describe("the control columns, exactly"),
  organic: columns.optional().describe("organic (non-paid) media columns, exactly: emails sent, organic social impressions, PR; modelled with carry-over, no ROAS, no budget"),
  rf: z
    .array(z.object({ reach: z.string(), frequency: z.string(), spend: z.string() }))
    .optional()
    .describe("reach & frequency channels, exactly ([] for none; default: <stem>_reach + <stem>_frequency + <stem>_spend columns): modelled by reach x Hill(frequency), ROAS on the spend"),
};

export const dataTools: MmmTool[] = [
  defineTool({
    name: "get_data_status",
    category: "data",
    phase: "DATA_LOADING",
    // Status: bound in every phase; a success in IDLE still moves the analysis to DATA_LOADING.
    alsoIn: PHASES,
    description: "Is data loaded? Rows, columns, source, KPI/date/geo columns and the preparation steps applied so far.",
    schema: z.object({}),
    run: (_a, { engine }) => engine.status(),
  }),
  defineTool({
    name: "load_data",
    category: "data",
    phase: "DATA_LOADING",
    description: "Load a table: Unity Catalog name (catalog.schema.table) or a CSV/Parquet/Excel/JSON path or URL. Replaces the working table only if loading succeeds.",
    schema: z.object({
      source: z.string().describe("catalog.schema.table, or a file path / URL"),
      kpiCol: z.string().optional().describe("KPI column (e.g. revenue); detected when omitted"),
      dateCol: z.string().optional(),
      geoCol: z.string().optional(),
      channels: roleFields.channels,
      controls: roleFields.controls,
      organic: roleFields.organic,
      rf: roleFields.rf,
      weekly: z
        .object({ pivotCol: z.string().optional(), weekStart: z.enum(["monday", "sunday"]).optional() })
        .optional()
        .describe("aggregate daily/transaction rows to weeks while loading (needs dateCol); Unity Catalog tables are aggregated in the warehouse"),
    }),
    run: async (a, { engine }) => {
      const r = await engine.loadData(a.source, { kpiCol: a.kpiCol, dateCol: a.dateCol, geoCol: a.geoCol, channels: a.channels, controls: a.controls, organic: a.organic, weekly: a.weekly });
      return { rows: r.rows, columns: r.columns, dateCol: r.dateCol, kpiCol: r.kpiCol, source: r.source };
    },
  }),
  defineTool({
    name: "inspect_data",
    category: "data",
    phase: "DATA_PROFILING",
    description: "Profile the working table: column roles (KPI, channels, controls, date, geo), granularity, history length, quality issues and warnings.",
    schema: z.object({}),
    run: (_a, { engine }) => profileSummary(engine.profile()),
  }),
  defineTool({
    name: "set_column_roles",
    category: "data",
    phase: "DATA_PROFILING",
    alsoIn: ["DATA_VALIDATION", "FEATURE_ENGINEERING", "MODELING", "EVALUATION"],
    description: "Set column roles the analyst stated or confirmed: KPI, date, geo, and the exact lists of channels, controls and organic media. Roles left out keep their value. Returns the resulting roles.",
    schema: z.object(roleFields),
    run: (a, { engine }) => {
      const roles = engine.setRoles(a);
      return { kpi: roles.kpi, date: roles.date, geo: roles.geo, channels: roles.channels, controls: roles.controls, organic: roles.organic, ...rfSummary(roles), ignored: roles.ignored, negativeSpend: roles.negativeSpend };
    },
  }),
  defineTool({
    name: "get_column_stats",
    category: "data",
    phase: "DATA_PROFILING",
    description: "Statistics of one column: type, nulls, distinct values, mean, std, quantiles, zeros, negatives, skew.",
    schema: z.object({ column }),
    run: (a, { engine }) => engine.getColumnStats(a.column),
  }),
  defineTool({
    name: "get_top_values",
    category: "data",
    phase: "always",
    description: "Most frequent values of a column, or the top groups ranked by an aggregate of the column.",
    schema: z.object({ column, n: z.number().int().min(1).max(100).optional(), groupBy: z.union([z.string(), columns]).optional(), agg: z.enum(["sum", "mean", "count", "max", "min"]).optional() }),
    run: (a, { engine }) => engine.getTopValues(a.column, { n: a.n, groupBy: a.groupBy, agg: a.agg }),
  }),
  defineTool({
    name: "sample_rows",
    category: "data",
    phase: "always",
    description: "A seeded random sample of rows (at most 50).",
    schema: z.object({ n: z.number().int().min(1).max(50).optional(), seed: z.number().int().optional() }),
    run: (a, { engine }) => engine.sampleRows(a.n ?? 5, a.seed),
  }),
  defineTool({
    name: "filter_aggregate",
    category: "data",
    phase: "always",
    description: "Filter rows, optionally group and aggregate (sum, mean, count, max, min, median, std, nunique), sort and limit.",
    schema: z.object({
      filters: z.array(z.object({ column, op: z.enum(["==", "!=", ">", ">=", "<", "<=", "in", "not_in", "is_null", "not_null", "contains"]), value: z.any().optional() })).optional(),
      groupBy: columns.optional(),
      aggs: z.record(z.string(), z.string()).optional().describe("column → aggregation"),
      sortBy: z.string().optional(),
      descending: z.boolean().optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    run: (a, { engine }) => engine.filterAggregate(a),
  }),
  defineTool({
    name: "get_correlation_matrix",
    category: "data",
    phase: "DATA_PROFILING",
    description: "Pearson (or Spearman) correlations between numeric columns (default: KPI, channels and controls).",
    schema: z.object({ columns: columns.optional(), method: z.enum(["pearson", "spearman"]).optional() }),
    run: (a, { engine }) => engine.getCorrelationMatrix(a.columns, a.method),
  }),
  defineTool({
    name: "detect_outliers",
    category: "data",
    phase: "DATA_PROFILING",
    description: "Outliers of a numeric column by IQR fences or z-score, with the rows where they occur.",
    schema: z.object({ column, method: z.enum(["iqr", "zscore"]).optional(), threshold: z.number().positive().optional() }),
    run: (a, { engine }) => engine.detectOutliers(a.column, { method: a.method, threshold: a.threshold }),
  }),
  defineTool({
    name: "execute_query",
    category: "data",
    phase: "always",
    description: "Read-only SQL (DuckDB dialect) over the working table, named `data` (one SELECT/WITH; no files, network or settings; bounded time, memory and rows). For other computations create a custom tool.",
    schema: z.object({ sql: z.string().describe("e.g. SELECT SUM(tv_S) FROM data"), limit: z.number().int().min(1).max(1000).optional() }),
    run: (a, { engine }) => engine.executeQuery(a.sql, a.limit),
  }),
  defineTool({
    name: "clean_data",
    category: "data",
    phase: "FEATURE_ENGINEERING",
    alsoIn: ["DATA_PROFILING"],
    description: "Clean the working table: nulls (spend → 0, KPI rows dropped by default), duplicate rows, negative spend, all-null columns.",
    schema: z.object({
      nulls: z.enum(["drop", "zero", "ffill", "mean", "keep"]).optional().describe("policy for columns other than spend and KPI"),
      dropDuplicates: z.boolean().optional(),
      negativeSpend: z.enum(["zero", "abs", "drop", "keep", "error"]).optional(),
      dropAllNullColumns: z.boolean().optional(),
    }),
    run: (a, { engine }) => engine.clean(a),
  }),
  defineTool({
    name: "add_time_features",
    category: "data",
    phase: "FEATURE_ENGINEERING",
    description: "Add calendar columns, a trend, yearly Fourier terms and event dummies (e.g. holidays) to the working table.",
    schema: z.object({
      fourierOrder: z.number().int().min(0).max(6).optional(),
      trend: z.boolean().optional(),
      calendar: z.array(z.enum(["week", "month", "quarter", "year"])).optional(),
      events: z.array(z.object({ name: z.string(), dates: z.array(z.string()).describe("ISO dates YYYY-MM-DD") })).optional(),
    }),
    run: (a, { engine }) => engine.addTimeFeatures(a),
  }),
  defineTool({
    name: "aggregate_weekly",
    category: "data",
    phase: "FEATURE_ENGINEERING",
    alsoIn: ["DATA_PROFILING"],
    description: "Aggregate daily or transaction rows to weeks (per geo if any): spend and KPI summed, rates averaged; long format pivoted by channel.",
    schema: z.object({
      sum: columns.optional(),
      mean: columns.optional(),
      pivotCol: z.string().optional().describe("long format: the column naming each row's channel"),
      weekStart: z.enum(["monday", "sunday"]).optional(),
    }),
    run: (a, { engine }) => engine.aggregateWeekly(a),
  }),
];
