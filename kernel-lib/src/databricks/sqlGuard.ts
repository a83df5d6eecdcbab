/**
 * The guard on SQL sources sent to a Databricks warehouse (`loadTable("SELECT …")`, also used by
 * the LLM's load_data). A keyword filter over text with quotes stripped was fooled by a quote
 * inside a comment (`-- it's\n; DROP TABLE …`), so the text is lexed properly — single- and
 * double-quoted strings, back-quoted identifiers, each with its doubled-quote escape — and
 * anything that could make the warehouse see a different statement than we checked is refused:
 * comments, semicolons (but one at the very end), backslashes in quotes (whose meaning depends on
 * a warehouse setting), unbalanced parentheses, and non-ASCII or control characters outside quotes.
 * The single statement must start with SELECT or WITH and contain no statement keyword (Spark
 * allows `WITH … INSERT`) nor a function that reads secrets, files or calls out.
 */

type Token = { kind: "word" | "quoted-id" | "string" | "punct"; text: string };

/**
 * Bare words of statements that change something. Statement starts are already refused (the text
 * must start with SELECT/WITH and hold one statement); these catch Spark's `WITH … INSERT …`.
 */
const STATEMENT_WORDS = new Set([
  "insert",
  "overwrite",
  "update",
  "delete",
  "merge",
  "drop",
  "create",
  "alter",
  "truncate",
  "copy",
  "optimize",
  "vacuum",
  "grant",
  "revoke",
  "cache",
  "uncache",
  "refresh",
  "msck",
  "execute",
  "immediate",
  "call",
  "undrop",
  "restore",
]);

/** Functions that reveal secrets, read files or streams, call the network or run code. */
const DENIED_FUNCTIONS = new Set([
  "secret",
  "try_secret",
  "reflect",
  "try_reflect",
  "java_method",
  "read_files",
  "read_kafka",
  "read_kinesis",
  "read_pubsub",
  "read_pulsar",
  "read_statestore",
  "read_state_metadata",
  "cloud_files_state",
  "http_request",
  "ai_query",
  "ai_generate_text",
  "input_file_name",
  "list_secrets",
  "python_udf",
]);

/** Data-source prefixes of path tables such as parquet.`s3://…`. */
const PATH_FORMATS = new Set(["parquet", "csv", "json", "delta", "text", "binaryfile", "orc", "avro", "xml", "cloud_files"]);

/** Read a quoted token starting at `i` (the opening quote); returns its end index (exclusive). */
function readQuoted(sql: string, i: number): number | string {
  const q = sql[i]!;
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] === "\\") return "a backslash inside a quoted string or name (its meaning depends on the warehouse's settings)";
    if (sql[j] !== q) continue;
    if (sql[j + 1] === q) j++;
    else return j + 1;
  }
  return `an unterminated ${q === "`" ? "back-quoted name" : "string"} (${q})`;
}

/** The tokens of `sql`, or why it cannot be lexed safely. */
export function lexSql(sql: string): Token[] | string {
  const tokens: Token[] = [];
  for (let i = 0; i < sql.length; ) {
    const c = sql[i]!;
    if (/\s/.test(c) && c <= " ") {
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const end = readQuoted(sql, i);
      if (typeof end === "string") return end;
      tokens.push({ kind: c === "`" ? "quoted-id" : "string", text: sql.slice(i, end) });
      i = end;
      continue;
    }
    if ((c === "-" && sql[i + 1] === "-") || (c === "/" && sql[i + 1] === "*")) return "a comment (-- or /*)";
    if (c === "#") return "a '#' outside quotes";
    const code = c.charCodeAt(0);
    if (code < 0x20 || code > 0x7e) return `the character U+${code.toString(16).toUpperCase().padStart(4, "0")} outside quotes (only plain ASCII is allowed there)`;
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 256));
    if (word) {
      tokens.push({ kind: "word", text: word[0] });
      i += word[0].length;
      continue;
    }
    tokens.push({ kind: "punct", text: c });
    i++;
  }
  return tokens;
}

const nameOf = (t: Token) => (t.kind === "quoted-id" ? t.text.slice(1, -1).replace(/``/g, "`") : t.text).toLowerCase();

/** Why the token list is not one read-only SELECT, or undefined. */
function statementReason(tokens: Token[]): string | undefined {
  if (tokens.length === 0) return "the query is empty";
  const first = tokens[0]!;
  if (first.kind !== "word" || !/^(select|with)$/i.test(first.text)) return "only SELECT (or WITH ... SELECT) queries may run";
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const next = tokens[k + 1];
    if (t.text === ";") return k === tokens.length - 1 ? undefined : "only one statement may run (found ';')";
    if (t.text === "(") depth++;
    if (t.text === ")" && --depth < 0) return "unbalanced parentheses";
    if (t.kind === "word" && STATEMENT_WORDS.has(t.text.toLowerCase())) return `'${t.text}' is not allowed: the query may only read`;
    if ((t.kind === "word" || t.kind === "quoted-id") && next?.text === "(" && DENIED_FUNCTIONS.has(nameOf(t))) return `the function ${nameOf(t)}() is not allowed`;
    if (t.kind === "word" && PATH_FORMATS.has(t.text.toLowerCase()) && next?.text === "." && tokens[k + 2]?.kind === "quoted-id") return "file-path tables (format.`path`) are not allowed";
  }
  return depth === 0 ? undefined : "unbalanced parentheses";
}

/**
 * Why a warehouse SQL source is refused, or undefined when it is exactly one read-only SELECT
 * (WITH … SELECT) without comments; a single trailing semicolon is allowed.
 * @example warehouseSqlRejectReason("SELECT 1; DROP TABLE t") // "only one statement may run (found ';')"
 */
export function warehouseSqlRejectReason(sql: string): string | undefined {
  const tokens = lexSql(sql);
  if (typeof tokens === "string") return `the query contains ${tokens}`;
  return statementReason(tokens);
}

/** The statement without its trailing semicolon and surrounding whitespace (call after the check). */
export function withoutTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, "").trim();
}
