import { bigint, index, integer, pgTable, varchar } from "drizzle-orm/pg-core";

// The request counters that app replicas on PostgreSQL share (lib/security/rate-limit-counters.ts).
// rate-limiter-flexible 11 reads and writes this table with its own SQL: it inserts (key, points, expire)
// by position, so the columns keep this order and these types.
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    /** The limit's prefix and the counted key, such as `ingest_ip:10.0.0.1`; at most 255 characters. */
    key: varchar({ length: 255 }).primaryKey(),
    points: integer().notNull().default(0),
    /** End of the current window, in Unix milliseconds. */
    expire: bigint({ mode: "number" }),
  },
  (table) => [index("rate_limit_counters_expire").on(table.expire)],
);
