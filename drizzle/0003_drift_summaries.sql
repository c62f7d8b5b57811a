CREATE TYPE "public"."drift_column_type" AS ENUM('numerical', 'categorical');--> statement-breakpoint
CREATE TYPE "public"."drift_edges_source" AS ENUM('training_profile', 'logged_rows');--> statement-breakpoint
CREATE TABLE "drift_summaries" (
	"endpoint_id" integer NOT NULL,
	"mode" "prediction_mode" NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"column" text NOT NULL,
	"count" integer NOT NULL,
	"null_count" integer NOT NULL,
	"summary" jsonb NOT NULL,
	CONSTRAINT "drift_summaries_endpoint_id_mode_hour_column_pk" PRIMARY KEY("endpoint_id","mode","hour","column")
);
--> statement-breakpoint
CREATE TABLE "drift_summary_columns" (
	"endpoint_id" integer NOT NULL,
	"column" text NOT NULL,
	"type" "drift_column_type" NOT NULL,
	"edges" double precision[] NOT NULL,
	"source" "drift_edges_source" NOT NULL,
	"version_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drift_summary_columns_endpoint_id_column_pk" PRIMARY KEY("endpoint_id","column")
);
--> statement-breakpoint
CREATE TABLE "drift_summary_hours" (
	"endpoint_id" integer NOT NULL,
	"mode" "prediction_mode" NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"row_count" integer NOT NULL,
	"rollup_count" integer NOT NULL,
	"summarized_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drift_summary_hours_endpoint_id_mode_hour_pk" PRIMARY KEY("endpoint_id","mode","hour")
);
