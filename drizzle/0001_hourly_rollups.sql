CREATE TABLE "prediction_hourly_rollups" (
	"endpoint_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"mode" "prediction_mode" NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"latency_count" integer DEFAULT 0 NOT NULL,
	"latency_sum" double precision DEFAULT 0 NOT NULL,
	"latency_buckets" integer[] NOT NULL,
	"numeric_count" integer DEFAULT 0 NOT NULL,
	"numeric_sum" double precision DEFAULT 0 NOT NULL,
	"numeric_sum_squares" double precision DEFAULT 0 NOT NULL,
	"score_buckets" integer[] NOT NULL,
	"labeled_count" integer DEFAULT 0 NOT NULL,
	"correct_count" integer DEFAULT 0 NOT NULL,
	"abs_error_sum" double precision DEFAULT 0 NOT NULL,
	"squared_error_sum" double precision DEFAULT 0 NOT NULL,
	"log_loss_count" integer DEFAULT 0 NOT NULL,
	"log_loss_sum" double precision DEFAULT 0 NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	CONSTRAINT "prediction_hourly_rollups_endpoint_id_version_id_mode_hour_pk" PRIMARY KEY("endpoint_id","version_id","mode","hour")
);
--> statement-breakpoint
CREATE INDEX "prediction_hourly_rollups_endpoint_id_hour_index" ON "prediction_hourly_rollups" USING btree ("endpoint_id","hour");