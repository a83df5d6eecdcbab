/**
 * Small, self-contained HTML for notebook outputs (escaped; inline styles that read in light and
 * dark themes), so outputs stay readable in nbconvert, VS Code, GitHub and Jupyter without the
 * extension.
 */

export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const CELL = "padding:2px 8px;border-bottom:1px solid rgba(128,128,128,.3);text-align:left";

/** An HTML table; numbers right-aligned and rounded for reading. */
export function htmlTable(header: string[], rows: unknown[][]): string {
  const td = (v: unknown) => {
    const num = typeof v === "number";
    const text = num ? (Number.isInteger(v) || Math.abs(v) >= 1000 ? Math.round(v as number).toLocaleString("en-US") : (v as number).toPrecision(4)) : v;
    return `<td style="${CELL}${num ? ";text-align:right" : ""}">${esc(text)}</td>`;
  };
  return `<table style="border-collapse:collapse;font-size:12px"><thead><tr>${header.map((h) => `<th style="${CELL}">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(td).join("")}</tr>`).join("")}</tbody></table>`;
}

export function box(title: string, body: string, accent = "#1f77b4"): string {
  return `<div style="border-left:4px solid ${accent};padding:6px 10px;margin:4px 0;font-family:var(--jp-ui-font-family,sans-serif)"><div style="font-weight:600;margin-bottom:4px">${esc(title)}</div>${body}</div>`;
}

/** Markdown → minimal HTML (headings, bold, code, tables, lists, paragraphs) for the report. */
export function markdownHtml(md: string): string {
  const inline = (s: string) =>
    esc(s)
      .replace(/\*\*(.+?)\*\*/g, "<b>$1</b>")
      .replace(/`([^`]+)`/g, "<code>$1</code>");
  const out: string[] = [];
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\|.*\|$/.test(l)) {
      const rows: string[][] = [];
      for (; i < lines.length && /^\|.*\|$/.test(lines[i]!); i++)
        if (!/^\|[-:| ]+\|$/.test(lines[i]!))
          rows.push(
            lines[i]!.slice(1, -1)
              .split("|")
              .map((c) => c.trim()),
          );
      i--;
      out.push(htmlTable(rows[0] ?? [], rows.slice(1)));
    } else if (/^#{1,6} /.test(l)) {
      const n = /^#+/.exec(l)![0].length;
      out.push(`<h${Math.min(n + 1, 6)}>${inline(l.slice(n + 1))}</h${Math.min(n + 1, 6)}>`);
    } else if (/^- /.test(l)) out.push(`<li>${inline(l.slice(2))}</li>`);
    else if (l.trim()) out.push(`<p style="margin:4px 0">${inline(l)}</p>`);
  }
  return out.join("\n");
}
