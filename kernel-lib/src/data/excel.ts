/**
 * Excel (.xlsx) through exceljs: cells become typed polars columns (numbers, dates, text).
 */
import ExcelJS from "exceljs";
import { MMMError } from "../errors";
import { pl, type DataFrame, type Series } from "./polars";

type Cell = string | number | boolean | Date | null;

/** Read one sheet of a workbook: the first row is the header. */
export async function readExcel(buf: Buffer, name: string, sheet?: string | number): Promise<DataFrame> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err) {
    throw new MMMError("CORRUPT_FILE", `'${name}' is not a readable .xlsx workbook (${(err as Error).message}).`, "Open and re-save it in Excel as .xlsx (older .xls files are not supported).", { file: name });
  }
  const ws = pickSheet(wb, name, sheet);
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values: Cell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) values.push(cellValue(row.getCell(c).value));
    rows.push(values);
  });
  const [header, ...body] = rows;
  if (!header) throw new MMMError("NO_ROWS", `Sheet '${ws.name}' of '${name}' is empty.`, "Choose the sheet with the data (option `sheet`).", { file: name });
  if (body.length === 0) throw new MMMError("NO_ROWS", `Sheet '${ws.name}' of '${name}' has a header but no data rows.`, "Add data rows or choose another sheet (option `sheet`).", { file: name });
  const names = header.map((h, i) => (h === null || h === "" ? `column_${i + 1}` : String(h)));
  return pl.DataFrame(
    names.map((n, i) =>
      toSeries(
        n,
        body.map((r) => r[i] ?? null),
      ),
    ),
  );
}

function pickSheet(wb: ExcelJS.Workbook, name: string, sheet?: string | number): ExcelJS.Worksheet {
  const sheets = wb.worksheets;
  const found = typeof sheet === "number" ? sheets[sheet] : typeof sheet === "string" ? wb.getWorksheet(sheet) : sheets.find((s) => s.actualRowCount > 0);
  if (!found) {
    const names = sheets.map((s) => `'${s.name}'`).join(", ") || "none";
    throw new MMMError("NO_ROWS", `Sheet ${sheet === undefined ? "with data" : `'${sheet}'`} not found in '${name}' (sheets: ${names}).`, "Pass `sheet` with one of the sheet names or a 0-based index.", { file: name });
  }
  return found;
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("result" in v) return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("text" in v) return String((v as { text: unknown }).text);
    if ("error" in v) return null;
  }
  return String(v);
}

/** A typed series: all numbers → Float64, all dates → Date (UTC day), all booleans → Bool, else text. */
function toSeries(name: string, values: Cell[]): Series {
  const present = values.filter((v) => v !== null);
  if (present.length > 0 && present.every((v) => typeof v === "number")) return pl.Series(name, values as (number | null)[], pl.Float64);
  if (present.length > 0 && present.every((v) => v instanceof Date)) {
    const days = values.map((v) => (v instanceof Date ? Math.floor(v.getTime() / 86_400_000) : null));
    return pl.Series(name, days, pl.Int32).cast(pl.Date);
  }
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return pl.Series(name, values as (boolean | null)[], pl.Bool);
  return pl.Series(
    name,
    values.map((v) => (v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v))),
    pl.Utf8,
  );
}
