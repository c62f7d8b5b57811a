import { formatJobTime } from "@/lib/jobs/format";
import type { ScheduleSummary } from "@/lib/jobs/list";

const cell = "px-2 py-1.5";

/** Renders cron schedules with their next and last due times. */
export function SchedulesTable(props: { schedules: ScheduleSummary[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs">
        <caption className="sr-only">Job schedules; times in UTC</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Schedule</th>
            <th scope="col" className={`${cell} font-medium`}>Job</th>
            <th scope="col" className={`${cell} font-medium`}>Cron</th>
            <th scope="col" className={`${cell} font-medium`}>Time zone</th>
            <th scope="col" className={`${cell} font-medium`}>Next run</th>
            <th scope="col" className={`${cell} font-medium`}>Last run</th>
          </tr>
        </thead>
        <tbody>
          {props.schedules.map((schedule) => (
            <tr key={schedule.key} className={`border-b border-zinc-800/60 last:border-0 ${schedule.enabled ? "" : "text-zinc-500"}`}>
              <th scope="row" className={`${cell} text-left font-medium text-zinc-200`}>{schedule.key}</th>
              <td className={`${cell} font-mono`}>{schedule.job}</td>
              <td className={`${cell} font-mono`}>{schedule.cron}</td>
              <td className={cell}>{schedule.timezone}</td>
              <td className={`${cell} whitespace-nowrap`}>{schedule.enabled ? formatJobTime(schedule.nextRunAt) : "Disabled"}</td>
              <td className={`${cell} whitespace-nowrap`}>
                {schedule.lastRunAt ? `${formatJobTime(schedule.lastRunAt)} (job #${schedule.lastJobId})` : "never"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
