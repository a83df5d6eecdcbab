/**
 * agentic-mmm — an agentic Marketing Mix Modelling analyst for TypeScript notebooks.
 * Cells import everything from this one module: `import { MMMEngine } from "agentic-mmm"`.
 */
export { MMMError, type MMMErrorCode, type ErrorLocation } from "./errors";
export { AGENT_CFG, LLM_CFG, type AgentConfig, type LlmConfig } from "./config";
