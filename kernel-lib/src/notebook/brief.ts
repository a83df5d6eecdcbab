/**
 * Results stay plain data, but a notebook prints a cell's last value with util.inspect: a
 * non-enumerable inspect hook makes that one line instead of pages of JSON (JSON.stringify and
 * property access are unaffected).
 */
import { inspect } from "node:util";

export function briefly<T extends object>(value: T, line: string): T {
  Object.defineProperty(value, inspect.custom, { value: () => line, enumerable: false, configurable: true });
  return value;
}
