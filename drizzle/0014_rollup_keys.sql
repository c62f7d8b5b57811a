-- The rollup keys now lead with endpoint and time, the columns that the dashboard and drift queries filter
-- on, so the separate (endpoint, time) indexes are dropped and ingest maintains one index per row, not two.
DROP INDEX "prediction_hourly_rollups_endpoint_id_hour_index";--> statement-breakpoint
DROP INDEX "prediction_rollups_endpoint_id_minute_index";--> statement-breakpoint
ALTER TABLE "prediction_hourly_rollups" DROP CONSTRAINT "prediction_hourly_rollups_endpoint_id_version_id_mode_hour_pk";--> statement-breakpoint
ALTER TABLE "prediction_rollups" DROP CONSTRAINT "prediction_rollups_endpoint_id_version_id_mode_minute_pk";--> statement-breakpoint
ALTER TABLE "prediction_hourly_rollups" ADD CONSTRAINT "prediction_hourly_rollups_endpoint_id_hour_version_id_mode_pk" PRIMARY KEY("endpoint_id","hour","version_id","mode");--> statement-breakpoint
ALTER TABLE "prediction_rollups" ADD CONSTRAINT "prediction_rollups_endpoint_id_minute_version_id_mode_pk" PRIMARY KEY("endpoint_id","minute","version_id","mode");