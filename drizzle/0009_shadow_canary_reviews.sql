CREATE TYPE "public"."review_verdict" AS ENUM('production', 'candidate', 'both', 'neither');--> statement-breakpoint
CREATE TABLE "review_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"queue_id" integer NOT NULL,
	"request_id" text NOT NULL,
	"production_log_id" bigint NOT NULL,
	"candidate_log_id" bigint NOT NULL,
	"disagreement" boolean NOT NULL,
	"candidate_first" boolean NOT NULL,
	"locked_by" integer,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_items_queueId_requestId_unique" UNIQUE("queue_id","request_id")
);
--> statement-breakpoint
CREATE TABLE "review_labels" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_labels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" bigint NOT NULL,
	"reviewer_id" integer NOT NULL,
	"verdict" "review_verdict" NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_labels_itemId_reviewerId_unique" UNIQUE("item_id","reviewer_id")
);
--> statement-breakpoint
CREATE TABLE "review_queues" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_queues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"endpoint_id" integer NOT NULL,
	"candidate_version_id" integer NOT NULL,
	"blind" boolean DEFAULT true NOT NULL,
	"reviews_per_item" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_queues_endpointId_candidateVersionId_unique" UNIQUE("endpoint_id","candidate_version_id")
);
--> statement-breakpoint
CREATE TABLE "endpoint_canaries" (
	"endpoint_id" integer PRIMARY KEY NOT NULL,
	"version_id" integer NOT NULL,
	"weight" double precision NOT NULL,
	"guardrails" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"aborted_at" timestamp with time zone,
	"abort_reason" text
);
--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_queue_id_review_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."review_queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_labels" ADD CONSTRAINT "review_labels_item_id_review_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."review_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_labels" ADD CONSTRAINT "review_labels_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queues" ADD CONSTRAINT "review_queues_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queues" ADD CONSTRAINT "review_queues_candidate_version_id_model_versions_id_fk" FOREIGN KEY ("candidate_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoint_canaries" ADD CONSTRAINT "endpoint_canaries_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoint_canaries" ADD CONSTRAINT "endpoint_canaries_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_items_queue_id_locked_until_index" ON "review_items" USING btree ("queue_id","locked_until");--> statement-breakpoint
CREATE INDEX "review_labels_reviewer_id_index" ON "review_labels" USING btree ("reviewer_id");--> statement-breakpoint
CREATE INDEX "prediction_logs_endpoint_id_version_id_mode_timestamp_index" ON "prediction_logs" USING btree ("endpoint_id","version_id","mode","timestamp");