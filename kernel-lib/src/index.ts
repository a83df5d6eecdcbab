/**
 * agentic-mmm — an agentic Marketing Mix Modelling analyst for TypeScript notebooks.
 * Cells import everything from this one module: `import { MMMEngine } from "agentic-mmm"`.
 */
export { MMMError, type MMMErrorCode, type ErrorLocation } from "./errors";
export { AGENT_CFG, LLM_CFG, type AgentConfig, type LlmConfig } from "./config";
export { MMMEngine, type EngineLoadOptions, type DataStep } from "./engine";
export { pl } from "./data/polars";
export { loadTable, registerRemoteLoader, type LoadOptions, type LoadedTable, type SourceSummary, type RemoteLoader } from "./data/load";
export { resolveSource, isUnityCatalogName, type DataSource } from "./data/sources";
export { profileData, type DataProfile, type ProfileOptions, type ColumnQuality, type Roles, type Timeline, type Granularity } from "./data/profile";
export { cleanData, type CleanOptions, type CleanReport, type NullPolicy, type NegativeSpendPolicy } from "./data/clean";
export { aggregateWeekly, type AggregateOptions, type AggregatePlan } from "./data/aggregate";
export { addTimeFeatures, type TimeFeatureOptions, type EventSpec } from "./data/features";
export { getColumnStats, getTopValues, sampleRows, filterAggregate, getCorrelationMatrix, detectOutliers, type Filter, type FilterOp, type FilterAggregateOptions, type OutlierReport, type ColumnStats } from "./data/explore";
export { executeQuery, type QueryResult } from "./data/query";
export { simulateMMM } from "./data/simulate";
export type { SimulateOptions, SimulationTruth, ChannelSpec, ChannelTruth, AdstockSpec, SaturationSpec, SpendSpec, ControlSpec, ConfounderSpec, EventsSpec, ControlTruth } from "./data/simulateTypes";
export { DEFAULT_CHANNELS, resolveSimulateOptions } from "./data/simulateOptions";
export type { ResolvedSimulateOptions } from "./data/simulateTypes";
export { createRng, type Rng } from "./math/random";
export * as transforms from "./model/transforms/math";
export { samplePath, SAMPLE_DATASETS, SAMPLE_TRUTH, type SampleName } from "./data/samples";
export * from "./model/transforms/registry";
export { AdstockTransform, GeometricAdstock, DelayedAdstock, WeibullCdfAdstock, WeibullPdfAdstock, type AdstockOptions } from "./model/transforms/adstock";
export { SaturationTransform, HillSaturation, LogisticSaturation, MichaelisMentenSaturation } from "./model/transforms/saturation";
export type { AdstockSpecLike, SaturationSpecLike, PriorSpec } from "./model/transforms/specs";
export type { MediaParams } from "./model/media";
export type { ChannelResponse } from "./model/response";
export type { MmmData, MmmSpec } from "./model/mmmData";
export type { RidgeResult } from "./model/ridge/result";
export type { RidgeOptions } from "./model/ridge/fit";
export type { RidgeMmmOptions, ModelSpecOptions } from "./engineModels";
export type { SearchOptions, SearchResult, SearchProgress } from "./model/search/search";
export type { DecompositionRow, ResponseCurve, ChannelSummary } from "./model/decomposition";
export type { AdstockRecommendation } from "./model/recommendations";
export { optimizeBudget, simulateScenario, compareScenarios, DEFAULT_WEEKS, type BudgetPlan, type BudgetBound, type BudgetOptions, type ScenarioResult, type ScenarioComparison } from "./model/budget";
export type { BayesianResult } from "./model/bayes/result";
export type { BayesOptions } from "./model/bayes/fit";
export type { ChannelPosterior, Uncertain } from "./model/bayes/posterior";
