/**
 * The analysis workflow, agent-free: the phase list, each phase's guidance and the transition rules.
 * Tools declare their phase from here; the agent binds tools and moves phases by it.
 */
export { isPhase, neighbours, PHASES, phaseAfterSuccess, phaseIndex, type Phase, type PhaseTransition, type ToolPhase } from "./phases";
export { PHASE_GUIDANCE } from "./guidance";
