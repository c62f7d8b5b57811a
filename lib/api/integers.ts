import { z } from "zod";

// Imported by forms in the browser as well as by the server, so nothing here may import server code.

/** The largest value of a PostgreSQL `integer` column. A larger id or version would fail in the query with a 500. */
export const MAX_DB_INTEGER = 2_147_483_647;

/** A row id or version number from a path or query string; `what` names it in the message, such as "a promotion request id". */
export function pathIntegerSchema(what: string) {
  const message = `must be ${what}, a whole number from 1 to ${MAX_DB_INTEGER}`;
  return z.coerce.number({ error: message }).int(message).min(1, message).max(MAX_DB_INTEGER, message);
}

/** A row id, version number or count in a JSON body, from 1 to MAX_DB_INTEGER. */
export function bodyIntegerSchema(what: string) {
  const message = `must be ${what}, a whole number from 1 to ${MAX_DB_INTEGER}`;
  return z.number({ error: message }).int(message).min(1, message).max(MAX_DB_INTEGER, message);
}
