/** Budget optimiser, targets, weekly flighting and scenarios (see optimize.ts, target.ts, flighting.ts and scenarios.ts). */
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
export { optimizeForTarget, type BudgetTarget, type TargetOptions, type TargetPlan } from "./target";
export { planFlighting, type FlightOptions, type FlightPlan, type RampLimit } from "./flighting";
export { bayesFlightModel, ridgeFlightModel, type FlightModel } from "./flightModel";
export { geoFlightModel } from "./geoFlightModel";
export { optimizeGeoBudget, type GeoCell } from "./geoBudget";
export type { GeoBudgetTotals, GeoSplit } from "./geoSplit";
