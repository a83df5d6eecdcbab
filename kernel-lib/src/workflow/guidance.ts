/** What the model should do in each phase (injected into the system prompt, and shown by get_phase / set_phase). */
import type { Phase } from "./phases";

export const PHASE_GUIDANCE: Record<Phase, string> = {
  IDLE: "No analysis is running. Check get_data_status; load data with load_data if none is loaded.",
  DATA_LOADING: "Load the data (load_data) and confirm rows, columns, the date and the KPI column.",
  DATA_PROFILING:
    "Profile the data (inspect_data, get_column_stats, get_correlation_matrix, detect_outliers). Identify the KPI, the paid-media spend channels, controls, the geo column and the granularity. Roles the analyst gave (roles.given) are final. Ask the analyst (ask_user_to_choose with multiple: true, candidates with their reasons) when no channel was found, when roles.channelCandidates is not empty, or when the KPI is ambiguous; ask what to do with roles.negativeSpend (set to 0 / drop the rows / treat as a control). Record answers with set_column_roles (or clean_data for negatives). Look at the data with plot_data (time_series, correlation_heatmap, distributions).",
  DATA_VALIDATION:
    "Check readiness for MMM (validate_mmm_readiness): at least two years of weekly rows, no all-null or constant channels, non-negative spend, a usable KPI. Fix what can be fixed with clean_data. Before modelling, run_analytics: multicollinearity (VIF > 10: channels hard to tell apart), stationarity of the KPI (a unit root calls for the trend term), granger (channels whose past predicts the KPI), decomposition (seasonality).",
  FEATURE_ENGINEERING: "Prepare the modelling table: clean_data, aggregate_weekly when the data is daily or transactional, add_time_features (trend, Fourier seasonality, holidays as events).",
  ADSTOCK_OPTIMISATION: "Choose carry-over and saturation per channel: get_adstock_recommendations, then optimize_all_adstock_parameters (or optimize_adstock_parameters for one channel).",
  MODELING:
    "Fit the model: run_ols_mmm (ridge) first for speed; run_bayesian_mmm when the user wants uncertainty. Confirm with the user before a Bayesian fit predicted to take long. When the data have a geo column (the profile's roles.geo), fit the hierarchical geo model after the national one: run_bayesian_mmm with geo: true (ROAS per geo; it then becomes the model scenarios and budgets read).",
  EVALUATION:
    "Call model_diagnostics after every fit: it is the quality gate. Follow its verdict — proceed; retry: make the call in its `fix`; ask: put the issue to the user with ask_user_to_choose and its options, then act on the answer. Then roi_summary. To choose between specifications (adstock types, a time-varying baseline) use compare_models; for held-out weeks of a Bayesian fit, model_diagnostics with outOfSample. Go back to FEATURE_ENGINEERING or ADSTOCK_OPTIMISATION if the fit is poor.",
  BUDGET_OPTIMISATION:
    "Optimise the budget (optimize_budget) for the amount the user gave, or the current total spend; after a geo fit, with byGeo: true to allocate it per geo × channel. Test alternatives with simulate_scenario / compare_scenarios.",
  REPORTING: "Summarise for a marketing analyst: data, model fit, ROI table, budget recommendation with its expected uplift, and caveats. export_report writes the report with tables and charts.",
};
