import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { JobStateFilter } from "@/components/jobs/state-filter";
import { JobsTable } from "@/components/jobs/jobs-table";
import { SchedulesTable } from "@/components/jobs/schedules-table";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { RequiresRole } from "@/components/requires-role";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { jobStateParam } from "@/lib/jobs/format";
import { listJobs, listSchedules } from "@/lib/jobs/list";

export const metadata: Metadata = { title: "Jobs" };

const RECENT_JOBS = 200;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function JobsPage({ searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "engineer")) return <RequiresRole role="engineer" userRole={user.role} page="Jobs" />;

  const state = jobStateParam(await searchParams);
  const jobs = await listJobs(ctx, { state, limit: RECENT_JOBS });
  const schedules = await listSchedules(ctx);

  return (
    <>
      <PageHeader title="Jobs" subtitle="Background work that Keel runs: scheduled checks, webhook deliveries and maintenance." />
      <div className="space-y-3">
        <Panel
          title="Recent runs"
          description={`The ${RECENT_JOBS} most recently enqueued jobs${state ? ` in the ${state} state` : ""}, newest first. Times are in UTC.`}
          actions={<JobStateFilter current={state} />}
        >
          {jobs.length === 0 ? (
            <EmptyState title={state ? `No ${state} jobs` : "No jobs yet"}>
              <p>Jobs appear here once a schedule comes due or Keel enqueues work such as a webhook delivery.</p>
            </EmptyState>
          ) : (
            <JobsTable jobs={jobs} />
          )}
        </Panel>
        <Panel title="Schedules" description="Cron schedules; each due time enqueues one job, whichever worker sees it first.">
          {schedules.length === 0 ? (
            <EmptyState title="No schedules yet">
              <p>The worker adds the daily jobs.prune schedule when it starts; check that it runs (KEEL_WORKER).</p>
            </EmptyState>
          ) : (
            <SchedulesTable schedules={schedules} />
          )}
        </Panel>
      </div>
    </>
  );
}
