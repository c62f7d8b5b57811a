import type { JobDefinition } from "./define";
import { PRUNE_SCHEDULE, pruneJobsJob } from "./prune";
import { deliverWebhookJob } from "../webhooks/job";
import { runMonitorJob, SUMMARIZE_SCHEDULE, summarizeHoursJob } from "../monitors/jobs";
import { evaluateChecksJob, EXPIRE_SCHEDULE, expirePromotionsJob, REEVALUATE_SCHEDULE, reevaluatePendingJob } from "../promotions/jobs";
import { CANARY_SCHEDULE, checkCanariesJob } from "../canary/abort";
import { FOLD_SCHEDULE, foldExperimentsJob } from "../experiments/jobs";
import { EVALUATE_SCALING_SCHEDULE, evaluateScalingJob } from "../scaling-policies/jobs";
import { PRUNE_PREDICTION_LOGS_SCHEDULE, prunePredictionLogsJob } from "../ingest/retention";

// The job definitions that every worker runs. Add a domain's definitions here: one import, one entry.
// `npm run worker` runs this list under plain Node (tsx), outside Next.js, so these modules and their
// imports must not import "server-only".
export const jobDefinitions: readonly JobDefinition<unknown>[] = [
  pruneJobsJob,
  deliverWebhookJob,
  runMonitorJob,
  summarizeHoursJob,
  foldExperimentsJob,
  evaluateScalingJob,
  checkCanariesJob,
  evaluateChecksJob,
  reevaluatePendingJob,
  expirePromotionsJob,
  prunePredictionLogsJob,
];

// Schedules every worker creates at start, for the jobs of this list that it runs.
export const builtInSchedules = [
  PRUNE_SCHEDULE,
  SUMMARIZE_SCHEDULE,
  FOLD_SCHEDULE,
  EVALUATE_SCALING_SCHEDULE,
  CANARY_SCHEDULE,
  REEVALUATE_SCHEDULE,
  EXPIRE_SCHEDULE,
  PRUNE_PREDICTION_LOGS_SCHEDULE,
];
