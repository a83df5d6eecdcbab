/**
 * Central configuration (the seed's `config.py`): LLM and agent knobs plus sampler defaults.
 * Mutate the exported objects for a session, or pass overrides per call.
 */

/** LLM settings. */
export interface LlmConfig {
  /** Databricks Model Serving endpoint name. */
  endpoint: string;
  temperature: number;
}

/** Agent and data-layer settings. */
export interface AgentConfig {
  /** Weeks of history required for a reliable MMM (two years). */
  minRowsForMmm: number;
  maxAgentSteps: number;
  /**
   * Tools bound to one model call at most (Databricks Model Serving answers 400 above 32): the
   * phase's scope, the rest reachable through use_tool (agent/toolScope.ts).
   */
  maxToolsPerCall: number;
  /** Files larger than this are kept as lazy scans instead of being read into memory. */
  lazyThresholdBytes: number;
  /** Rows returned at most by exploratory tools (execute_query, filter_aggregate, ...). */
  maxResultRows: number;
  /** Default seed of every random operation. */
  seed: number;
  sampler: { chains: number; warmup: number; draws: number; seed: number };
  /** Bayesian fits predicted to take longer than this ask the analyst first. */
  confirmBayesAboveSeconds: number;
  /** Custom tools: CPU time and memory per call. */
  customToolLimits: { timeoutMs: number; memoryBytes: number };
  /** The only place the agent's export_report writes: a directory, relative to the process cwd when relative. */
  exportRoot: string;
  /** Directories the analyst named for the agent's export (runFullAnalysis({ exportDir })), allowed outside the root. */
  allowedExportDirs?: string[];
  /** `execute_query` (DuckDB in its own process): time, memory, threads, result and table sizes. */
  queryLimits: QueryLimits;
}

/** Bounds of the SQL query engine; each breach is a QUERY_LIMIT error, never a crash. */
export interface QueryLimits {
  /** Wall time per query; the engine is interrupted, then killed 2 s later. */
  timeoutMs: number;
  /** DuckDB's memory limit; the engine process's address space is capped at this + 1.6 GiB (Node's own reservations). */
  memoryBytes: number;
  threads: number;
  /** Rows a result may have in total (rows beyond `maxResultRows` are counted, not returned). */
  maxRows: number;
  /** Characters of the returned rows as JSON. */
  maxChars: number;
  /** Rows of the loaded table handed to the engine. */
  maxTableRows: number;
}

export const LLM_CFG: LlmConfig = {
  endpoint: "databricks-claude-sonnet-4",
  temperature: 0.1,
};

export const AGENT_CFG: AgentConfig = {
  minRowsForMmm: 104,
  maxAgentSteps: 30,
  maxToolsPerCall: 32,
  lazyThresholdBytes: 512 * 1024 * 1024,
  maxResultRows: 1000,
  seed: 42,
  sampler: { chains: 4, warmup: 1000, draws: 1000, seed: 42 },
  confirmBayesAboveSeconds: 60,
  customToolLimits: { timeoutMs: 2000, memoryBytes: 64 * 1024 * 1024 },
  exportRoot: "mmm-output",
  queryLimits: { timeoutMs: 10_000, memoryBytes: 512 * 1024 * 1024, threads: 2, maxRows: 1_000_000, maxChars: 4_000_000, maxTableRows: 5_000_000 },
};
