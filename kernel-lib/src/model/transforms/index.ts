/** Media transforms: pure maths, declarative adstock/saturation classes, and the registry by name. */
export * from "./math";
export * from "./specs";
export * from "./base";
export * from "./adstock";
export * from "./saturation";
export * from "./registry";
