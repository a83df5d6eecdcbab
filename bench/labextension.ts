/**
 * Size of the built JupyterLab extension (labextension/dist/agentic-mmm-labextension, made by
 * `npm run build`): every static file, and the plotly.js chunk apart — it is only loaded by a
 * dynamic import when the first chart is drawn, so JupyterLab's start pays for the rest only.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const DIR = path.resolve(__dirname, "../labextension/dist/agentic-mmm-labextension");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

export function labextensionBench() {
  if (!fs.existsSync(path.join(DIR, "package.json"))) return [{ name: "labextension_size", error: `no built extension in ${DIR}: run npm run build` }];
  const all = files(DIR).map((f) => ({ file: path.relative(DIR, f), bytes: fs.statSync(f).size, text: f.endsWith(".js") ? fs.readFileSync(f, "utf8") : "" }));
  const plotly = all.find((f) => f.text.includes("plotlyServerURL"));
  const chunkId = plotly && /^static\/([^.]+)\./.exec(plotly.file)?.[1];
  // Lazy: another chunk loads it on demand (`__webpack_require__.e(<id>)`), the entry does not contain it.
  const lazy = !!chunkId && !plotly!.file.includes("remoteEntry") && all.some((f) => f !== plotly && f.text.includes(`.e(${chunkId})`));
  const total = all.reduce((s, f) => s + f.bytes, 0);
  return [
    {
      name: "labextension_size",
      dir: path.relative(path.resolve(__dirname, ".."), DIR),
      files: all.length,
      totalBytes: total,
      plotlyChunk: plotly?.file,
      plotlyChunkBytes: plotly?.bytes ?? 0,
      withoutPlotlyBytes: total - (plotly?.bytes ?? 0),
      plotlyLazy: lazy,
    },
  ];
}
