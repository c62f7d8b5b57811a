CREATE TYPE "public"."actor_type" AS ENUM('user', 'api_key', 'system');--> statement-breakpoint
CREATE TYPE "public"."api_key_scope" AS ENUM('ingest', 'read', 'admin');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('viewer', 'engineer', 'approver', 'admin');--> statement-breakpoint
CREATE TYPE "public"."prediction_mode" AS ENUM('production', 'shadow');--> statement-breakpoint
CREATE TYPE "public"."model_task" AS ENUM('classification', 'regression');--> statement-breakpoint
CREATE TYPE "public"."version_status" AS ENUM('registered', 'candidate', 'shadow', 'canary', 'production', 'archived', 'rejected');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"display_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" "api_key_scope"[] NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_keyHash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" DEFAULT 'viewer' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "business_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "business_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" text,
	"unit_id" text NOT NULL,
	"name" text NOT NULL,
	"value" double precision NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_events_eventId_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "labels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"endpoint_id" integer NOT NULL,
	"request_id" text NOT NULL,
	"label" jsonb NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labels_endpointId_requestId_unique" UNIQUE("endpoint_id","request_id")
);
--> statement-breakpoint
CREATE TABLE "operational_metrics" (
	"endpoint_id" integer NOT NULL,
	"name" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "operational_metrics_endpoint_id_name_timestamp_pk" PRIMARY KEY("endpoint_id","name","timestamp")
);
--> statement-breakpoint
CREATE TABLE "prediction_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "prediction_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	CONSTRAINT "prediction_logs_endpointId_requestId_mode_unique" UNIQUE("endpoint_id","request_id","mode")
);
--> statement-breakpoint
CREATE TABLE "endpoints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "endpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"model_id" integer NOT NULL,
	"production_version_id" integer,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "endpoints_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"model_id" integer NOT NULL,
	"version" integer NOT NULL,
	"status" "version_status" DEFAULT 'registered' NOT NULL,
	"artifact_uri" text,
	"description" text DEFAULT '' NOT NULL,
	"offline_metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"training_profile" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_versions_modelId_version_unique" UNIQUE("model_id","version")
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "models_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"task" "model_task" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "prediction_class_rollups" (
	"endpoint_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"mode" "prediction_mode" NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"predicted_class" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "prediction_class_rollups_endpoint_id_version_id_mode_minute_predicted_class_pk" PRIMARY KEY("endpoint_id","version_id","mode","minute","predicted_class")
);
--> statement-breakpoint
CREATE TABLE "prediction_rollups" (
	"endpoint_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"mode" "prediction_mode" NOT NULL,
	"minute" timestamp with time zone NOT NULL,
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
	CONSTRAINT "prediction_rollups_endpoint_id_version_id_mode_minute_pk" PRIMARY KEY("endpoint_id","version_id","mode","minute")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_production_version_id_model_versions_id_fk" FOREIGN KEY ("production_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_index" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_target_type_target_id_index" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "api_keys_created_at_index" ON "api_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "business_events_name_timestamp_index" ON "business_events" USING btree ("name","timestamp");--> statement-breakpoint
CREATE INDEX "business_events_unit_id_index" ON "business_events" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "prediction_logs_endpoint_id_timestamp_index" ON "prediction_logs" USING btree ("endpoint_id","timestamp");--> statement-breakpoint
CREATE INDEX "prediction_rollups_endpoint_id_minute_index" ON "prediction_rollups" USING btree ("endpoint_id","minute");