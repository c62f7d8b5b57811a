import { formatMs } from "@/lib/dashboard/format";
import { formatJobTime } from "@/lib/jobs/format";
import type { JobSummary } from "@/lib/jobs/list";

const cell = "px-2 py-1.5 align-top";

const stateColors: Record<JobSummary["state"], string> = {
  queued: "bg-zinc-800 text-zinc-300",
  running: "bg-sky-900/60 text-sky-200",
  succeeded: "bg-emerald-900/60 text-emerald-200",
  failed: "bg-red-900/60 text-red-200",
};

/** Renders job runs with their timing and the error of their latest failed attempt. */
export function JobsTable(props: { jobs: JobSummary[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs">
        <caption className="sr-only">Recent background jobs, newest first; times in UTC</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Job</th>
            <th scope="col" className={`${cell} font-medium`}>State</th>
            <th scope="col" className={`${cell} font-medium`}>Attempts</th>
            <th scope="col" className={`${cell} font-medium`}>Enqueued</th>
            <th scope="col" className={`${cell} font-medium`}>Started</th>
            <th scope="col" className={`${cell} font-medium`}>Finished</th>
            <th scope="col" className={`${cell} font-medium`}>Duration</th>
            <th scope="col" className={`${cell} font-medium`}>Error</th>
          </tr>
        </thead>
        <tbody>
          {props.jobs.map((job) => (
            <tr key={job.id} className="border-b border-zinc-800/60 last:border-0">
              <th scope="row" className={`${cell} text-left font-medium text-zinc-200`}>
                <span className="font-mono">{job.name}</span>
                <span className="ml-1.5 text-zinc-500">#{job.id}</span>
              </th>
              <td className={cell}>
                <span className={`rounded px-1.5 py-0.5 text-[11px] ${stateColors[job.state]}`}>{job.state}</span>
                {job.state === "queued" && job.attempts > 0 ? (
                  <span className="ml-1.5 whitespace-nowrap text-zinc-500">retry at {formatJobTime(job.runAt)}</span>
                ) : null}
              </td>
              <td className={`${cell} tabular-nums`}>
                {job.attempts} of {job.maxAttempts}
              </td>
              <td className={`${cell} whitespace-nowrap`}>{formatJobTime(job.enqueuedAt)}</td>
              <td className={`${cell} whitespace-nowrap`}>{formatJobTime(job.startedAt)}</td>
              <td className={`${cell} whitespace-nowrap`}>{formatJobTime(job.finishedAt)}</td>
              <td className={`${cell} whitespace-nowrap tabular-nums`}>{formatMs(job.durationMs)}</td>
              <td className={`${cell} max-w-md break-words text-red-300`}>{job.lastError ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
