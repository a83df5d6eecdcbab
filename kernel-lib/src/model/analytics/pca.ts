/**
 * Principal components of standardised columns (ml-pca, by SVD): how many independent directions
 * the media block really has. One dominant component means the channels move together and their
 * separate effects are hard to identify.
 */
import { PCA } from "ml-pca";
import { MMMError } from "../../errors";

export interface PcaResult {
  /** Share of the total variance per component, largest first (sums to 1). */
  explainedVarianceRatio: number[];
  /** Unit-length loadings: row i is component i's weight on each column. */
  components: number[][];
  /** Components needed to reach 90% of the variance. */
  componentsFor90: number;
}

/**
 * PCA on the correlation scale (each column centred and divided by its standard deviation).
 * @example
 * pcaAnalysis([tv, search, social]).explainedVarianceRatio; // [0.71, 0.22, 0.07]
 */
export function pcaAnalysis(columns: readonly Float64Array[]): PcaResult {
  const n = columns[0]?.length ?? 0;
  if (columns.length < 2) throw new MMMError("INVALID_ARGUMENT", "PCA needs at least two columns.", "Pass two or more channels.");
  if (n <= columns.length) throw new MMMError("INVALID_ARGUMENT", `${n} rows are too few for ${columns.length} columns.`, "Use more rows than columns.");
  const rows = Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
  if (!rows.every((r) => r.every(Number.isFinite))) throw new MMMError("NOT_NUMERIC", "A column has missing or non-finite values.", "Fill or drop them first.");
  const pca = new PCA(rows, { center: true, scale: true });
  const explainedVarianceRatio = pca.getExplainedVariance();
  const components = pca.getLoadings().to2DArray();
  const cumulative = pca.getCumulativeVariance();
  const componentsFor90 = cumulative.findIndex((c) => c >= 0.9 - 1e-12) + 1;
  return { explainedVarianceRatio, components, componentsFor90 };
}
