/** Budget optimiser and scenarios (see optimize.ts and scenarios.ts). */
export { optimizeBudget, type BudgetPlan, type BudgetBound, type BudgetOptions, type ChannelStatus } from "./optimize";
export { DEFAULT_WEEKS } from "./constraints";
export {
  simulateScenario,
  compareScenarios,
  type ScenarioChannel,
  type ScenarioComparison,
  type ScenarioOptions,
  type ScenarioResult,
  type ScenarioRow,
} from "./scenarios";
