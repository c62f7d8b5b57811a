// PostgreSQL array literals ('{1,2,NULL}') built as text, so a column of values travels as one query
// parameter that PostgreSQL casts with `$1::int[]`. Drizzle's `sql` template turns a JavaScript array into
// a list of parameters, so the literal is built here and sent as one string, the same to node-postgres
// and to PGlite.

/** Builds the literal of numbers for an int or float8 array; null becomes an SQL NULL element. */
export function numberArrayLiteral(values: readonly (number | null)[]): string {
  let literal = "{";
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) literal += ",";
    const value = values[index];
    literal += value === null ? "NULL" : String(value);
  }
  return `${literal}}`;
}

/**
 * Builds the literal of strings for a text or enum array. Every element is double-quoted, with backslashes
 * and double quotes escaped, so braces, commas, spaces and the word NULL inside a value stay text.
 */
export function textArrayLiteral(values: readonly string[]): string {
  let literal = "{";
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) literal += ",";
    literal += `"${values[index].replace(/[\\"]/g, "\\$&")}"`;
  }
  return `${literal}}`;
}
