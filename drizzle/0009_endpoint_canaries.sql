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
ALTER TABLE "endpoint_canaries" ADD CONSTRAINT "endpoint_canaries_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoint_canaries" ADD CONSTRAINT "endpoint_canaries_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;