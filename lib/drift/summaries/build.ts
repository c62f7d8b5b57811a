import { z } from "zod";
import { KeelError } from "../../errors";
import type { SampleValue } from "../compare";
import { binIndex, edgesFromQuantiles, edgesFromValues } from "./edges";
import { CategoricalAccumulator, NumericalAccumulator } from "./merge";
import { addToSketch } from "./sketch";
import type { CategoricalSummary, ColumnSummary, FeatureType, NumericalSummary, Piece } from "./types";

export type SummarizeValuesOptions = {
  /** Inferred when absent: numerical when every non-null value is a number, else categorical. */
  type?: FeatureType;
  /** Bin edges for numerical values; when absent, edges at the values' own percentiles. */
  edges?: readonly number[];
};

/**
 * Summarizes raw values the way the hourly summaries do, so that a sample held in memory can be the
 * reference or the current side of compareSummaries. Booleans and numbers in a categorical column count
 * as their text; non-numbers in a numerical column count as mismatched.
 */
export function summarizeValues(values: ReadonlyArray<SampleValue | boolean>, options: SummarizeValuesOptions = {}): ColumnSummary {
  const type = options.type ?? inferType(values);
  if (type === "categorical") {
    const summary = new CategoricalAccumulator();
    for (const value of values) {
      if (value === null) summary.nullCount += 1;
      else summary.add(String(value), 1);
    }
    return summary.toSummary();
  }

  const numbers = Float64Array.from(values.filter((value): value is number => typeof value === "number" && Number.isFinite(value)));
  const edges = options.edges ?? edgesFromValues(numbers);
  const summary = new NumericalAccumulator();
  for (const value of values) {
    if (value === null) summary.nullCount += 1;
    else if (typeof value !== "number" || !Number.isFinite(value)) summary.mismatchedCount += 1;
  }

  for (let i = 0; i < numbers.length; i++) {
    const value = numbers[i];
    summary.addMoments(1, value, 0);
    summary.addBin(binIndex(edges, value), { count: 1, min: value, max: value });
    addToSketch(summary.sketch, value);
  }
  return summary.toSummary();
}

function inferType(values: ReadonlyArray<SampleValue | boolean>): FeatureType {
  return values.every((value) => value === null || typeof value === "number") ? "numerical" : "categorical";
}

// The summaries of a training profile, in the layout `keel demo` writes (lib/demo/profile.ts): numeric
// features with count, mean, population standard deviation and quantiles; categorical ones with the most
// frequent values and a count of the rest.
const profileNumeric = z.object({
  type: z.literal("numeric"),
  count: z.number().int().positive(),
  mean: z.number(),
  std: z.number().min(0),
  min: z.number(),
  max: z.number(),
  quantiles: z.array(z.object({ q: z.number().min(0).max(1), value: z.number() })).min(2),
});
const profileCategorical = z.object({
  type: z.literal("categorical"),
  count: z.number().int().positive(),
  top: z.record(z.string(), z.number().int().min(0)),
  otherCount: z.number().int().min(0),
});
export const profileColumnSchema = z.discriminatedUnion("type", [profileNumeric, profileCategorical]);
export type ProfileColumn = z.infer<typeof profileColumnSchema>;

/**
 * Returns the profile entry of a column: `features.<name>`, or `score` for the score column. Returns
 * null when the profile has none in a known layout.
 */
export function profileColumn(profile: Record<string, unknown> | null | undefined, column: string, scoreColumn: string): ProfileColumn | null {
  if (!profile) return null;
  const features = z.record(z.string(), z.unknown()).safeParse(profile.features);
  const entry = column === scoreColumn ? profile.score : features.success ? features.data[column] : undefined;
  const parsed = profileColumnSchema.safeParse(entry);
  return parsed.success ? parsed.data : null;
}

/** Returns the fixed bin edges a profile's numeric entry gives (see ./edges.ts), or null for a categorical one. */
export function profileEdges(entry: ProfileColumn): number[] | null {
  return entry.type === "numeric" ? edgesFromQuantiles(entry.quantiles) : null;
}

/**
 * Summarizes one column of a version's training profile, so the profile can be a drift reference. A
 * numeric entry becomes one piece per interval between consecutive quantiles, holding the share of the
 * count between them spread evenly, so its CDF is the piecewise-linear one through the quantiles. Such a
 * summary has no sketch. Throws KeelError "unprocessable" when the entry is not in a known layout.
 */
export function summarizeProfileColumn(entry: unknown): ColumnSummary {
  const parsed = profileColumnSchema.safeParse(entry);
  if (!parsed.success) {
    throw new KeelError(
      "unprocessable",
      "Cannot use the training profile entry as a drift reference: it needs type \"numeric\" with count, mean, std, min, max and quantiles, or type \"categorical\" with count, top and otherCount.",
    );
  }
  return parsed.data.type === "numeric" ? numericProfileSummary(parsed.data) : categoricalProfileSummary(parsed.data);
}

function numericProfileSummary(entry: z.infer<typeof profileNumeric>): NumericalSummary {
  const quantiles = [...entry.quantiles].sort((a, b) => a.q - b.q);
  const pieces: Piece[] = [];
  for (let j = 0; j + 1 < quantiles.length; j++) {
    const count = entry.count * (quantiles[j + 1].q - quantiles[j].q);
    if (count <= 0) continue;
    pieces.push({ lo: quantiles[j].value, hi: quantiles[j + 1].value, count });
  }
  return {
    type: "numerical",
    count: entry.count,
    nullCount: 0,
    mismatchedCount: 0,
    min: entry.min,
    max: entry.max,
    mean: entry.mean,
    m2: entry.std * entry.std * entry.count,
    pieces: joinTouchingPoints(pieces),
    sketch: null,
  };
}

/**
 * Merges pieces that touch at one value into a valid sorted sequence: intervals of discrete profiles
 * often repeat a value (for example [6, 6] between the 1% and 5% quantiles), and pieces must not overlap.
 */
function joinTouchingPoints(pieces: Piece[]): Piece[] {
  const joined: Piece[] = [];
  for (const piece of pieces) {
    const last = joined[joined.length - 1];
    if (last && last.lo === last.hi && piece.lo === piece.hi && last.lo === piece.lo) last.count += piece.count;
    else joined.push({ ...piece });
  }
  return joined;
}

function categoricalProfileSummary(entry: z.infer<typeof profileCategorical>): CategoricalSummary {
  const categories = new Map(Object.entries(entry.top));
  return { type: "categorical", count: entry.count, nullCount: 0, categories, otherCount: entry.otherCount };
}

/** Summarizes every feature of a training profile in a known layout, and its score as `@score`. */
export function summarizeProfile(profile: Record<string, unknown>, scoreColumn: string): Record<string, ColumnSummary> {
  const summaries: Record<string, ColumnSummary> = {};
  const features = z.record(z.string(), z.unknown()).safeParse(profile.features);
  for (const [name, entry] of Object.entries(features.success ? features.data : {})) {
    if (profileColumnSchema.safeParse(entry).success) summaries[name] = summarizeProfileColumn(entry);
  }
  if (profileColumnSchema.safeParse(profile.score).success) summaries[scoreColumn] = summarizeProfileColumn(profile.score);
  return summaries;
}
