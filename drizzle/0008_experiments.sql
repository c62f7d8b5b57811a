CREATE TYPE "public"."experiment_engine" AS ENUM('frequentist', 'bayesian');--> statement-breakpoint
CREATE TYPE "public"."experiment_state" AS ENUM('draft', 'running', 'stopped', 'shipped', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."randomization_unit" AS ENUM('user_id', 'session_id', 'request_id');--> statement-breakpoint
CREATE TABLE "experiment_exposures" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "experiment_exposures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"experiment_id" integer NOT NULL,
	"unit_id" text NOT NULL,
	"variant" text NOT NULL,
	"exposed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "experiment_exposures_experiment_id_unit_id_pk" PRIMARY KEY("experiment_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_metric_stats" (
	"experiment_id" integer NOT NULL,
	"metric" text NOT NULL,
	"variant" text NOT NULL,
	"day" date NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"sum_squares" double precision DEFAULT 0 NOT NULL,
	"denominator_sum" double precision DEFAULT 0 NOT NULL,
	"denominator_sum_squares" double precision DEFAULT 0 NOT NULL,
	"cross_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "experiment_metric_stats_experiment_id_metric_variant_day_pk" PRIMARY KEY("experiment_id","metric","variant","day")
);
--> statement-breakpoint
CREATE TABLE "experiment_unit_values" (
	"experiment_id" integer NOT NULL,
	"metric" text NOT NULL,
	"unit_id" text NOT NULL,
	"variant" text NOT NULL,
	"day" date NOT NULL,
	"value" double precision DEFAULT 0 NOT NULL,
	"denominator" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "experiment_unit_values_experiment_id_metric_unit_id_pk" PRIMARY KEY("experiment_id","metric","unit_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_variants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "experiment_variants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"experiment_id" integer NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"version_id" integer NOT NULL,
	"weight" double precision NOT NULL,
	"is_control" boolean NOT NULL,
	CONSTRAINT "experiment_variants_experimentId_key_unique" UNIQUE("experiment_id","key"),
	CONSTRAINT "experiment_variants_experimentId_versionId_unique" UNIQUE("experiment_id","version_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_watermarks" (
	"experiment_id" integer NOT NULL,
	"source" text NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "experiment_watermarks_experiment_id_source_pk" PRIMARY KEY("experiment_id","source")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "experiments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"endpoint_id" integer NOT NULL,
	"hypothesis" text DEFAULT '' NOT NULL,
	"unit" "randomization_unit" NOT NULL,
	"metrics" jsonb NOT NULL,
	"mde" double precision NOT NULL,
	"planned_sample_size" integer NOT NULL,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"engine" "experiment_engine" DEFAULT 'frequentist' NOT NULL,
	"sequential" boolean DEFAULT false NOT NULL,
	"seed" text NOT NULL,
	"state" "experiment_state" DEFAULT 'draft' NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"shipped_variant" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiments_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "experiment_metric_stats" ADD CONSTRAINT "experiment_metric_stats_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_unit_values" ADD CONSTRAINT "experiment_unit_values_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_watermarks" ADD CONSTRAINT "experiment_watermarks_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experiment_exposures_experiment_id_id_index" ON "experiment_exposures" USING btree ("experiment_id","id");