-- Rebuilds prediction_logs as a table partitioned by month of "timestamp" (UTC), so that retention drops
-- whole partitions instead of deleting rows. PostgreSQL requires the partition key in the primary key and
-- in every unique constraint, so both now include "timestamp". Written by hand: drizzle-kit cannot
-- express partitioning. The columns, keys and indexes match lib/db/schema/ingest.ts, so the snapshot next
-- to this file stays true. Existing rows are copied with their ids; on a large table this migration
-- rewrites every row once.
ALTER TABLE "prediction_logs" RENAME TO "prediction_logs_unpartitioned";--> statement-breakpoint
ALTER TABLE "prediction_logs_unpartitioned" RENAME CONSTRAINT "prediction_logs_pkey" TO "prediction_logs_unpartitioned_pkey";--> statement-breakpoint
ALTER TABLE "prediction_logs_unpartitioned" DROP CONSTRAINT "prediction_logs_endpointId_requestId_mode_unique";--> statement-breakpoint
DROP INDEX "prediction_logs_endpoint_id_timestamp_index";--> statement-breakpoint
DROP INDEX "prediction_logs_endpoint_id_version_id_mode_timestamp_index";--> statement-breakpoint
ALTER SEQUENCE "prediction_logs_id_seq" RENAME TO "prediction_logs_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "prediction_logs" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "prediction_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"endpoint_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"mode" "prediction_mode" DEFAULT 'production' NOT NULL,
	"request_id" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"features" jsonb NOT NULL,
	"prediction" jsonb NOT NULL,
	"probabilities" jsonb,
	"score" double precision,
	"latency_ms" double precision,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prediction_logs_id_timestamp_pk" PRIMARY KEY("id","timestamp"),
	CONSTRAINT "prediction_logs_endpointId_requestId_mode_timestamp_unique" UNIQUE("endpoint_id","request_id","mode","timestamp")
) PARTITION BY RANGE ("timestamp");--> statement-breakpoint
CREATE INDEX "prediction_logs_endpoint_id_timestamp_index" ON "prediction_logs" USING btree ("endpoint_id","timestamp");--> statement-breakpoint
CREATE INDEX "prediction_logs_endpoint_id_version_id_mode_timestamp_index" ON "prediction_logs" USING btree ("endpoint_id","version_id","mode","timestamp");--> statement-breakpoint
-- One partition per month that has rows, named as lib/ingest/partitions.ts names them. Month arithmetic
-- runs on UTC wall-clock time so that the session's time zone cannot shift a bound.
DO $$
DECLARE
  month_start timestamp;
BEGIN
  FOR month_start IN
    SELECT DISTINCT date_trunc('month', "timestamp" AT TIME ZONE 'UTC') FROM "prediction_logs_unpartitioned"
  LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "prediction_logs" FOR VALUES FROM (%L) TO (%L)',
      'prediction_logs_p' || to_char(month_start, 'YYYY_MM'),
      to_char(month_start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      to_char(month_start + interval '1 month', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "prediction_logs" OVERRIDING SYSTEM VALUE
  SELECT "id", "endpoint_id", "version_id", "mode", "request_id", "timestamp", "features", "prediction",
    "probabilities", "score", "latency_ms", "received_at"
  FROM "prediction_logs_unpartitioned";--> statement-breakpoint
SELECT setval('"prediction_logs_id_seq"', coalesce((SELECT max("id") FROM "prediction_logs"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "prediction_logs_unpartitioned";
