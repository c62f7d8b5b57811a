ALTER TYPE "public"."webhook_purpose" ADD VALUE 'scaling';--> statement-breakpoint
CREATE TABLE "scaling_decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scaling_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"policy_id" integer NOT NULL,
	"policy_version" integer NOT NULL,
	"endpoint_id" integer NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"current_replicas" integer NOT NULL,
	"desired_replicas" integer NOT NULL,
	"rule" text NOT NULL,
	"metrics" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scaling_decisions_policyId_evaluatedAt_unique" UNIQUE("policy_id","evaluated_at")
);
--> statement-breakpoint
CREATE TABLE "scaling_policies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scaling_policies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"endpoint_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer NOT NULL,
	"spec" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scaling_policies_endpointId_name_unique" UNIQUE("endpoint_id","name")
);
--> statement-breakpoint
CREATE TABLE "scaling_policy_versions" (
	"policy_id" integer NOT NULL,
	"version" integer NOT NULL,
	"spec" jsonb NOT NULL,
	"active" boolean NOT NULL,
	"change" text NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scaling_policy_versions_policy_id_version_pk" PRIMARY KEY("policy_id","version")
);
--> statement-breakpoint
ALTER TABLE "scaling_decisions" ADD CONSTRAINT "scaling_decisions_policy_id_scaling_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."scaling_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_policies" ADD CONSTRAINT "scaling_policies_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_policy_versions" ADD CONSTRAINT "scaling_policy_versions_policy_id_scaling_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."scaling_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scaling_decisions_endpoint_id_evaluated_at_index" ON "scaling_decisions" USING btree ("endpoint_id","evaluated_at");