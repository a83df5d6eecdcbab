/** plotly.js-basic-dist-min ships no types; the views use only `newPlot` and `purge`. */
declare module "plotly.js-basic-dist-min" {
  const Plotly: {
    newPlot(root: HTMLElement, data: unknown[], layout?: unknown, config?: unknown): Promise<unknown>;
    purge(root: HTMLElement): void;
  };
  export default Plotly;
}
