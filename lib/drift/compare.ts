import { KeelError, type FieldIssue } from "../errors";
import { countCategories } from "./binning";
import { chooseStattest, runCategorical, runNumerical, STATTESTS, type FeatureType, type StattestName } from "./methods";
import { countDistinctMerged, sortedCopy } from "./sort";

export type SampleValue = number | string | null;
type Sample = ReadonlyArray<SampleValue> | Float64Array;

export type CompareInput = {
  reference: Sample;
  current: Sample;
  /** Inferred when absent: numerical when every non-null value is a number, else categorical. */
  type?: FeatureType;
  /** Chosen by Evidently's rule when absent (see `chooseStattest`). */
  method?: StattestName;
  /** The stattest's default when absent. */
  threshold?: number;
};

export type CompareResult = {
  method: StattestName;
  type: FeatureType;
  statistic: number;
  /** Null for distances. */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  /** Share of null values in each sample; nulls are left out of the stattest. */
  nullShare: { reference: number; current: number };
  /** Categories of the current sample that the reference never contains, sorted; empty for numerical data. */
  unseenCategories: string[];
};

type SplitSample = { values: Array<number | string>; nullShare: number };

/**
 * Compares the distribution of one feature between a reference and a current sample with a stattest and
 * decides whether it drifted. Throws KeelError "unprocessable" for input the stattest cannot use.
 */
export function compareDistributions(input: CompareInput): CompareResult {
  const reference = splitNulls(input.reference, "reference");
  const current = splitNulls(input.current, "current");
  const type = input.type ?? inferType(reference.values, current.values);
  const threshold = checkedThreshold(input.threshold);
  const nullShare = { reference: reference.nullShare, current: current.nullShare };

  if (type === "numerical") {
    const referenceValues = numericValues(reference.values, "reference");
    const currentValues = numericValues(current.values, "current");
    const distinct = countDistinctMerged(sortedCopy(referenceValues), sortedCopy(currentValues));
    const method = input.method ?? chooseStattest(type, referenceValues.length, distinct);
    checkSizes(method, referenceValues.length, currentValues.length, distinct);

    const result = runNumerical(method, referenceValues, currentValues);
    return decideDrift(method, type, result, threshold, nullShare, []);
  }

  const frequencies = countCategories(reference.values.map(String), current.values.map(String));
  const method = input.method ?? chooseStattest(type, reference.values.length, frequencies.categories.length);
  if (!STATTESTS[method].categorical) {
    throw unprocessable("method", `${method} needs numerical data; for categorical data use psi, jensenshannon, kl_div, hellinger, chisquare, z, fisher_exact, g_test or TVD`);
  }
  checkSizes(method, reference.values.length, current.values.length, frequencies.categories.length);

  const unseenCategories = frequencies.categories.filter((_, i) => frequencies.reference[i] === 0);
  const result = runCategorical(method, frequencies);
  return decideDrift(method, type, result, threshold, nullShare, unseenCategories);
}

/** Builds the result of a stattest: the method's default threshold when none is given, and the drift decision. */
export function decideDrift(
  method: StattestName,
  type: FeatureType,
  result: { statistic: number; pValue: number | null },
  threshold: number | undefined,
  nullShare: CompareResult["nullShare"],
  unseenCategories: string[],
): CompareResult {
  const stattest = STATTESTS[method];
  const actualThreshold = threshold ?? stattest.defaultThreshold;
  const pValue = stattest.kind === "p_value" ? result.pValue : null;
  const drifted = pValue !== null ? pValue <= actualThreshold : result.statistic >= actualThreshold;
  return { method, type, statistic: result.statistic, pValue, threshold: actualThreshold, drifted, nullShare, unseenCategories };
}

function splitNulls(sample: Sample, side: "reference" | "current"): SplitSample {
  const values: Array<number | string> = [];
  for (let i = 0; i < sample.length; i++) {
    const value = sample[i];
    if (value === null) continue;
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw unprocessable(`${side}.${i}`, `must be a finite number, a string or null, not ${value}`);
    }
    values.push(value);
  }

  if (sample.length === 0) throw unprocessable(side, "must not be empty");
  if (values.length === 0) throw unprocessable(side, "has only null values; send at least one number or string");
  return { values, nullShare: (sample.length - values.length) / sample.length };
}

function inferType(reference: Array<number | string>, current: Array<number | string>): FeatureType {
  const allNumbers = (values: Array<number | string>) => values.every((value) => typeof value === "number");
  return allNumbers(reference) && allNumbers(current) ? "numerical" : "categorical";
}

function numericValues(values: Array<number | string>, side: "reference" | "current"): Float64Array {
  const numbers = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== "number") {
      throw unprocessable(side, `contains the string ${JSON.stringify(value).slice(0, 100)}, but type is numerical; send numbers or set type to categorical`);
    }
    numbers[i] = value;
  }
  return numbers;
}

function checkedThreshold(threshold: number | undefined): number | undefined {
  if (threshold === undefined) return undefined;
  if (!Number.isFinite(threshold) || threshold < 0) throw unprocessable("threshold", "must be a finite number of at least 0");
  return threshold;
}

function checkSizes(method: StattestName, referenceSize: number, currentSize: number, distinct: number): void {
  const { minSampleSize, minTotalSize, maxDistinct } = STATTESTS[method];
  if (referenceSize < minSampleSize || currentSize < minSampleSize) {
    throw unprocessable("method", `${method} needs at least ${minSampleSize} non-null values in each sample`);
  }
  if (referenceSize + currentSize < minTotalSize) {
    throw unprocessable("method", `${method} needs at least ${minTotalSize} non-null values in the two samples together`);
  }
  if (distinct > maxDistinct) {
    throw unprocessable("method", `${method} needs binary data, but the samples have ${distinct} distinct values; use chisquare instead`);
  }
}

function unprocessable(path: string, message: string): KeelError {
  const issue: FieldIssue = { path, message };
  return new KeelError("unprocessable", `Cannot compare the distributions: ${path} ${message}.`, [issue]);
}
