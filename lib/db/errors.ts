/**
 * Returns the PostgreSQL error code (SQLSTATE) of `error`, or of its cause when drizzle wrapped the
 * driver's error; undefined for an error without one.
 */
export function postgresErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" ? code : undefined;
}
