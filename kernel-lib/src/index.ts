export { MMMError } from "./errors";
