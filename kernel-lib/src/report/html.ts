/**
 * Plotly figures as self-contained HTML: the figure JSON embedded in the page, plotly.js from its
 * CDN (bundling it would add ~3 MB per file), and a visible note when the script cannot load
 * (offline, blocked) instead of a blank page. Also the notebook MIME bundle of a figure.
 */
import { MIME } from "agentic-mmm-protocol";
import type { PlotlyFigure } from "./figure";

/** plotly.js from the official CDN, pinned so a figure renders the same next year. */
export const PLOTLY_CDN = "https://cdn.plot.ly/plotly-2.35.2.min.js";

/** JSON safe inside a <script> element: "<" escaped so "</script>" in a name cannot end it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * The figure as an HTML fragment (a div, the embedded JSON, the loader): for notebooks'
 * `text/html` fallback and inside `figureHtml`. `id` must be unique in the page.
 */
export function figureFragment(fig: PlotlyFigure, id = "figure"): string {
  const safeId = id.replace(/[^A-Za-z0-9_-]/g, "_");
  return `<div id="${safeId}" class="ammm-figure" style="width:100%;min-height:460px"></div>
<!-- The figure itself, as Plotly JSON ({ data, layout }); readable without plotly.js. -->
<script type="application/json" id="${safeId}-json">${scriptJson(fig)}</script>
<!-- plotly.js is loaded from its CDN rather than bundled (~3 MB per file); without it a note replaces the chart. -->
<script src="${PLOTLY_CDN}" charset="utf-8"></script>
<script>
(function () {
  var el = document.getElementById("${safeId}");
  var fig = JSON.parse(document.getElementById("${safeId}-json").textContent);
  if (window.Plotly) { window.Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false }); return; }
  el.style.minHeight = "0";
  el.innerHTML = '<p class="ammm-note">plotly.js could not be loaded from ${PLOTLY_CDN} (offline or blocked), so the chart cannot be drawn here. ' +
    'Its data is embedded in this page as JSON (script #${safeId}-json) and in the .json file next to it.</p>';
})();
</script>
<noscript><p class="ammm-note">JavaScript is disabled: the chart cannot be drawn. Its data is embedded in this page as JSON.</p></noscript>`;
}

/**
 * A standalone HTML page showing one figure.
 * @example
 * writeFileSync("roi.html", figureHtml(report.charts.roi));
 */
export function figureHtml(fig: PlotlyFigure, title = fig.layout.title.text): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:Inter,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px;color:#222}.ammm-note{padding:12px;border:1px solid #e0c36c;background:#fff8e1;border-radius:4px}</style>
</head>
<body>
<h1 style="font-size:18px;font-weight:600">${escapeHtml(title)}</h1>
${figureFragment(fig, "figure")}
</body>
</html>
`;
}

/** Read the figure back out of a page written by `figureHtml` (tests, and tools that only have the HTML). */
export function figureFromHtml(html: string, id = "figure"): PlotlyFigure | undefined {
  const m = new RegExp(`<script type="application/json" id="${id}-json">([\\s\\S]*?)</script>`).exec(html);
  return m ? (JSON.parse(m[1]!) as PlotlyFigure) : undefined;
}

/** Default element ids of the HTML fallbacks: a counter, so the same calls give the same output. */
let figureCount = 0;

/**
 * A figure as a notebook MIME bundle: Plotly's own type for JupyterLab, with HTML and text fallbacks.
 * @example
 * const bundle = figureBundle(report.charts.roi);
 * Object.keys(bundle); // ["application/vnd.plotly.v1+json", "text/html", "text/plain"]
 */
export function figureBundle(fig: PlotlyFigure, id = `ammm-figure-${++figureCount}`): Record<string, unknown> {
  return { [MIME.plotly]: fig, "text/html": figureFragment(fig, id), "text/plain": `[chart] ${fig.layout.title.text}` };
}
