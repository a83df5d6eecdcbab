/**
 * MCMC convergence diagnostics following Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021)
 * "Rank-normalization, folding, and localization: an improved R-hat", computed as arviz 0.x
 * does (checked against arviz in test/unit/model/bayes/diagnostics.test.ts).
 */
export { autocovariance } from "./autocov";
export { ebfmi } from "./ebfmi";
export { essBulk, essMean, essOfChains, essQuantile, essTail } from "./ess";
export { mcseMean, mcseSd } from "./mcse";
export { MIN_DRAWS, splitChains, zScale, type Chains } from "./normalize";
export { convergenceSummary, diagnosticsTable, type ConvergenceSummary, type ParameterDiagnostics, type SamplerChainStats } from "./report";
export { gelmanRubin, rankNormalizedSplitRhat, splitRhat } from "./rhat";
export { DEFAULT_THRESHOLDS, diagnosticWarnings, type DiagnosticThresholds } from "./warnings";
