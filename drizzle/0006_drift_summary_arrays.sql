-- Hourly summaries move from one JSON column to aligned arrays, and merged daily summaries are added.
-- The stored hours are deleted so that summarizePendingHours computes them again in the new layout.
DELETE FROM "drift_summaries";--> statement-breakpoint
DELETE FROM "drift_summary_hours";--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "mismatched_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "mean" double precision;--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "m2" double precision;--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "bin_indexes" integer[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "bin_counts" integer[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "bin_mins" double precision[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "bin_maxes" double precision[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "sketch_keys" integer[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "sketch_counts" integer[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "sketch_negative_keys" integer[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "sketch_negative_counts" integer[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "sketch_zero_count" integer;--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "categories" text[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "category_counts" integer[];--> statement-breakpoint
ALTER TABLE "drift_summaries" ADD COLUMN "other_count" integer;--> statement-breakpoint
ALTER TABLE "drift_summaries" DROP COLUMN "summary";--> statement-breakpoint
CREATE TABLE "drift_daily_summaries" (
	"endpoint_id" integer NOT NULL,
	"mode" "prediction_mode" NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"column" text NOT NULL,
	"count" integer NOT NULL,
	"null_count" integer NOT NULL,
	"mismatched_count" integer DEFAULT 0 NOT NULL,
	"mean" double precision,
	"m2" double precision,
	"bin_indexes" integer[],
	"bin_counts" integer[],
	"bin_mins" double precision[],
	"bin_maxes" double precision[],
	"sketch_keys" integer[],
	"sketch_counts" integer[],
	"sketch_negative_keys" integer[],
	"sketch_negative_counts" integer[],
	"sketch_zero_count" integer,
	"categories" text[],
	"category_counts" integer[],
	"other_count" integer,
	CONSTRAINT "drift_daily_summaries_endpoint_id_mode_day_column_pk" PRIMARY KEY("endpoint_id","mode","day","column")
);
