import { sql, type SQL } from "drizzle-orm";

/**
 * Two regression predictions agree when they differ by at most this share of the production prediction's
 * magnitude, or by at most REGRESSION_ABSOLUTE_TOLERANCE, whichever is larger.
 */
export const REGRESSION_RELATIVE_TOLERANCE = 0.05;
export const REGRESSION_ABSOLUTE_TOLERANCE = 0.01;

/** Returns whether two predictions agree: the same predicted class, or regression values within the tolerance. */
export function predictionsAgree(task: "classification" | "regression", production: number | string, candidate: number | string): boolean {
  if (task === "classification") return String(production) === String(candidate);

  const a = Number(production);
  const b = Number(candidate);
  const tolerance = Math.max(REGRESSION_RELATIVE_TOLERANCE * Math.abs(a), REGRESSION_ABSOLUTE_TOLERANCE);
  return Math.abs(a - b) <= tolerance;
}

/** Builds the SQL form of `predictionsAgree` for two jsonb prediction columns. */
export function agreeSql(task: "classification" | "regression", production: SQL, candidate: SQL): SQL {
  if (task === "classification") return sql`((${production}) #>> '{}') = ((${candidate}) #>> '{}')`;

  const a = sql`((${production}) #>> '{}')::float8`;
  const b = sql`((${candidate}) #>> '{}')::float8`;
  return sql`abs(${a} - ${b}) <= greatest(${REGRESSION_RELATIVE_TOLERANCE}::float8 * abs(${a}), ${REGRESSION_ABSOLUTE_TOLERANCE}::float8)`;
}

/**
 * Builds the label as the text that quality scoring compares with a prediction (lib/ingest/quality.ts): booleans
 * become "1" and "0".
 */
export function labelTextSql(label: SQL): SQL {
  return sql`CASE WHEN jsonb_typeof(${label}) = 'boolean' THEN (CASE WHEN ${label} = 'true'::jsonb THEN '1' ELSE '0' END) ELSE ${label} #>> '{}' END`;
}

/** Builds the label as a number for regression errors, null for a label that is not a number or boolean. */
export function labelNumberSql(label: SQL): SQL {
  return sql`CASE jsonb_typeof(${label}) WHEN 'number' THEN (${label} #>> '{}')::float8 WHEN 'boolean' THEN (CASE WHEN ${label} = 'true'::jsonb THEN 1.0 ELSE 0.0 END) END`;
}

/**
 * Per-row quality term: 1/0 for a correct class (classification), absolute error (regression), or null
 * when the row has no usable label.
 */
export function qualitySql(task: "classification" | "regression", prediction: SQL, label: SQL): SQL {
  if (task === "classification") {
    return sql`CASE WHEN ${label} IS NULL THEN NULL WHEN (${prediction} #>> '{}') = ${labelTextSql(label)} THEN 1.0 ELSE 0.0 END`;
  }
  return sql`CASE WHEN jsonb_typeof(${prediction}) = 'number' THEN abs((${prediction} #>> '{}')::float8 - ${labelNumberSql(label)}) END`;
}
