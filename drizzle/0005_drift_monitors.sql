CREATE TYPE "public"."drift_report_status" AS ENUM('no_drift', 'drift', 'no_data', 'failed');--> statement-breakpoint
CREATE TYPE "public"."drift_window" AS ENUM('1h', '24h', '7d');--> statement-breakpoint
CREATE TABLE "drift_monitors" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "drift_monitors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"endpoint_id" integer NOT NULL,
	"name" text NOT NULL,
	"reference" jsonb NOT NULL,
	"window" "drift_window" NOT NULL,
	"cron" text NOT NULL,
	"timezone" text NOT NULL,
	"overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"drift_share" double precision DEFAULT 0.5 NOT NULL,
	"prediction_drift" boolean DEFAULT true NOT NULL,
	"performance" boolean DEFAULT true NOT NULL,
	"retrain_on_fire" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drift_monitors_endpointId_name_unique" UNIQUE("endpoint_id","name")
);
--> statement-breakpoint
CREATE TABLE "drift_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "drift_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"monitor_id" integer NOT NULL,
	"endpoint_id" integer NOT NULL,
	"status" "drift_report_status" NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" double precision NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"reference_rows" integer NOT NULL,
	"current_rows" integer NOT NULL,
	"feature_count" integer NOT NULL,
	"drifted_count" integer NOT NULL,
	"body" jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "drift_monitors" ADD CONSTRAINT "drift_monitors_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_monitors" ADD CONSTRAINT "drift_monitors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_monitor_id_drift_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."drift_monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drift_reports_monitor_id_ran_at_index" ON "drift_reports" USING btree ("monitor_id","ran_at");--> statement-breakpoint
CREATE INDEX "drift_reports_endpoint_id_ran_at_index" ON "drift_reports" USING btree ("endpoint_id","ran_at");