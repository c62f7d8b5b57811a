// Durable background jobs, stored in the `jobs` table and run by workers (lib/jobs/worker.ts).
//
// Delivery guarantee: at-least-once execution with fencing. A worker claims a job with
// `FOR UPDATE SKIP LOCKED`, so two workers never claim the same attempt, and holds a lease of the
// definition's `timeoutMs`. A restart loses no job: a queued job stays queued, and a job whose worker
// stopped mid-attempt runs again once its lease expires. A worker records an attempt's result only while it
// still holds that attempt's lease (same worker id and attempt number), so a worker whose lease was taken
// over cannot overwrite the newer attempt's result. Fencing covers the jobs table only. When a slow handler
// outlives its lease, its side effects may happen twice, so handlers must be idempotent. They can use the
// job id or a key from the payload to deduplicate what they write or send.
export { defineJob, RetryJob, type JobDefinition, type JobRun, type JobSpec } from "./define";
export { enqueueJob, type EnqueueOptions } from "./enqueue";
export { removeSchedule, upsertSchedule, type UpsertScheduleInput } from "./schedules";
