/**
 * Identifiers that go into SQL text: table names (`catalog.schema.table`) and column names are
 * validated and back-quoted here; values never go into SQL text (they are statement parameters).
 * Names holding quotes, backticks, semicolons, comment markers or control characters are refused
 * outright rather than escaped: no legitimate MMM table needs them, and refusing is easy to audit.
 */
import { MMMError } from "../errors";

const FORBIDDEN: [RegExp, string][] = [
  [/[`'"]/, "a quote or backtick"],
  [/;/, "a semicolon"],
  [/--|\/\*|\*\//, "a SQL comment marker"],
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this check's purpose
  [/[\u0000-\u001f\u007f]/, "a control character (e.g. a newline)"],
];

/** Throw unless `name` is a safe identifier (one part: a column, catalog, schema or table name). */
export function checkIdentifier(name: string, what = "column"): string {
  if (typeof name !== "string" || name.trim() === "") throw new MMMError("INVALID_ARGUMENT", `The ${what} name is empty.`, "Pass a non-empty name.");
  if (name.length > 255) throw new MMMError("INVALID_ARGUMENT", `The ${what} name is longer than 255 characters.`, "Unity Catalog names are at most 255 characters.");
  for (const [re, label] of FORBIDDEN) {
    if (re.test(name)) {
      throw new MMMError(
        "QUERY_REJECTED",
        `The ${what} name ${JSON.stringify(name)} contains ${label}, which is not allowed in a SQL identifier here.`,
        "Use the plain name of an existing table or column (letters, digits, underscores; spaces and dashes are fine).",
        what === "column" ? { column: name } : {},
      );
    }
  }
  return name;
}

/** A back-quoted identifier: `name`. */
export function quoteIdent(name: string, what = "column"): string {
  return `\`${checkIdentifier(name, what)}\``;
}

export interface TableName {
  catalog: string;
  schema: string;
  table: string;
}

/** One part of a dotted name: plain, or back-quoted (`my schema`) with no backtick inside. */
const PART = /^(?:`([^`]*)`|([^.`]+))/;

/**
 * Parse `catalog.schema.table` (each part plain or back-quoted) into its three validated parts.
 * @example parseTableName("main.marketing.weekly") // { catalog: "main", schema: "marketing", table: "weekly" }
 */
export function parseTableName(name: string): TableName {
  const parts: string[] = [];
  let rest = name.trim();
  while (rest.length > 0) {
    const m = PART.exec(rest);
    if (!m) break;
    parts.push((m[1] ?? m[2])!);
    rest = rest.slice(m[0].length);
    if (!rest.startsWith(".")) break;
    rest = rest.slice(1);
    if (rest === "") parts.push(""); // trailing dot
  }
  if (rest.length > 0 || parts.length !== 3) {
    // Check for forbidden characters first, so an injection attempt is named as such.
    checkIdentifier(name.replace(/^`|`$/g, "").replace(/`\.`/g, "."), "table");
    throw new MMMError("INVALID_ARGUMENT", `'${name}' is not a three-part Unity Catalog name.`, "Write it as catalog.schema.table, e.g. main.marketing.weekly_spend (back-quote parts with spaces).");
  }
  const [catalog, schema, table] = parts as [string, string, string];
  return { catalog: checkIdentifier(catalog, "catalog"), schema: checkIdentifier(schema, "schema"), table: checkIdentifier(table, "table") };
}

/** `catalog`.`schema`.`table`, validated. */
export function quoteTable(name: string | TableName): string {
  const t = typeof name === "string" ? parseTableName(name) : name;
  return [quoteIdent(t.catalog, "catalog"), quoteIdent(t.schema, "schema"), quoteIdent(t.table, "table")].join(".");
}
