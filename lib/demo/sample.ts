/** The default sample keeps every 5th flight: 600,000 of the 3,000,000. */
export const DEFAULT_SAMPLE_DIVISOR = 5;

/** Returns the number of rows a sample request stands for, given the number of rows in the file. */
export function sampleRowCount(request: number | "all" | undefined, totalRows: number): number {
  if (request === "all") return totalRows;
  if (request === undefined) return Math.floor(totalRows / DEFAULT_SAMPLE_DIVISOR);
  if (!Number.isInteger(request) || request < 1) {
    throw new RangeError(`sample size must be a positive integer or "all", got ${request}`);
  }
  return Math.min(request, totalRows);
}

/**
 * Returns whether file row `rowIndex` belongs to an evenly spread sample of `sampleRows` out of `totalRows`.
 * The sample is the rows floor(i · totalRows / sampleRows) for i = 0 … sampleRows − 1, so it is
 * deterministic and covers the whole file in order.
 */
export function isSampled(rowIndex: number, sampleRows: number, totalRows: number): boolean {
  if (rowIndex < 0 || rowIndex >= totalRows) return false;

  // i is the smallest index with floor(i · total / n) >= rowIndex, and the row is sampled when it lands exactly on it.
  const i = Math.ceil((rowIndex * sampleRows) / totalRows);
  return i < sampleRows && Math.floor((i * totalRows) / sampleRows) === rowIndex;
}
