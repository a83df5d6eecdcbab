/**
 * The one place that loads nodejs-polars. Its native binding ships as a per-platform package
 * that npm silently skips on Node 20 (it declares node >= 22), so we check for it and say how to fix.
 */
import { MMMError } from "../errors";

type Polars = typeof import("nodejs-polars").default;

function loadPolars(): Polars {
  try {
    // require, not import: a missing native binding must become our own error (caught below)
    const mod = require("nodejs-polars") as { default?: Polars } & Polars;
    return mod.default ?? mod;
  } catch (err) {
    const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new MMMError(
      "DEPENDENCY_MISSING",
      `nodejs-polars could not be loaded (${detail}).`,
      `Install its native binding for this platform, e.g. \`npm install nodejs-polars-${process.platform}-${process.arch}${process.platform === "linux" ? "-gnu" : ""}@0.26.1\` ` +
        "(npm skips it on Node 20 because it declares node >= 22; it works there).",
    );
  }
}

/** The nodejs-polars namespace (`pl`). */
export const pl: Polars = loadPolars();
export type DataFrame = import("nodejs-polars").DataFrame;
export type LazyFrame = import("nodejs-polars").LazyDataFrame;
export type Expr = import("nodejs-polars").Expr;
export type Series = import("nodejs-polars").Series;

/** Any frame our data functions accept: eager or lazy. */
export type Frame = DataFrame | LazyFrame;

/** True for a LazyFrame (lazy frames have `collectSync`). */
export function isLazy(frame: Frame): frame is LazyFrame {
  return typeof (frame as LazyFrame).collectSync === "function";
}

/** A lazy view of any frame. */
export function toLazy(frame: Frame): LazyFrame {
  return isLazy(frame) ? frame : frame.lazy();
}

/** A dtype's plain name: "Float64", "String", "Date", "Datetime(ms,)" (nodejs-polars prints "DataType(...)"). */
export function dtypeName(dtype: unknown): string {
  return String(dtype).replace(/^DataType\((.*)\)$/, "$1");
}
