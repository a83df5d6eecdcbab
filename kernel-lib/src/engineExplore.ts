/**
 * The exploring half of MMMEngine's data API: reading the working table without changing it —
 * column statistics, top values, samples, filtered aggregates, correlations, outliers and read-only
 * SQL (data/explore.ts, data/query.ts). MMMEngine extends it and supplies the table.
 */
import { AGENT_CFG } from "./config";
import { detectOutliers, filterAggregate, getColumnStats, getCorrelationMatrix, getTopValues, sampleRows, type FilterAggregateOptions, type TopValuesOptions } from "./data/explore";
import type { Frame } from "./data/polars";
import { executeQuery } from "./data/query";

export abstract class EngineExplore {
  /** The working table (after cleaning / aggregation / features). */
  abstract get data(): Frame;

  /** The date column, for outliers' dates. */
  abstract get dateCol(): string | undefined;

  getColumnStats(column: string) {
    return getColumnStats(this.data, column);
  }

  getTopValues(column: string, opts?: TopValuesOptions) {
    return getTopValues(this.data, column, opts);
  }

  sampleRows(n?: number, seed?: number) {
    return sampleRows(this.data, n, seed ?? AGENT_CFG.seed);
  }

  filterAggregate(opts: FilterAggregateOptions) {
    return filterAggregate(this.data, opts);
  }

  getCorrelationMatrix(columns?: string[], method?: "pearson" | "spearman") {
    return getCorrelationMatrix(this.data, columns, method);
  }

  detectOutliers(column: string, opts?: { method?: "iqr" | "zscore"; threshold?: number }) {
    return detectOutliers(this.data, column, { dateCol: this.dateCol, ...opts });
  }

  /** Read-only SQL (DuckDB in its own process, no file or network access); the working table is `data`. */
  executeQuery(sql: string, limit?: number) {
    return executeQuery(this.data, sql, limit);
  }
}
