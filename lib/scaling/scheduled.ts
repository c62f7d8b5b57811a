import { CronExpressionParser } from "cron-parser";
import type { ScheduledPolicy, ScheduleWindow } from "./schema";

// A window opens at each occurrence of its `start` cron and closes at the next occurrence of its `end` cron,
// both read in the policy's time zone by cron-parser, which applies the zone's daylight-saving rules. A
// window from 22:00 to 06:00 therefore crosses midnight without special cases.

export type ReplicaBounds = { minReplicas: number; maxReplicas: number; windows: string[] };

function occurrences(cron: string, timezone: string, fromMs: number, toMs: number): number[] {
  const times: number[] = [];

  // The occurrence before the range decides whether a window is already open at its start.
  const before = CronExpressionParser.parse(cron, { currentDate: new Date(fromMs + 1), tz: timezone });
  try {
    times.push(before.prev().getTime());
  } catch {
    // No earlier occurrence: the window has never opened or closed before the range.
  }

  const after = CronExpressionParser.parse(cron, { currentDate: new Date(fromMs), tz: timezone, endDate: new Date(toMs) });
  while (after.hasNext()) times.push(after.next().getTime());
  return times;
}

/** Opening and closing times of one window, sorted, covering `fromMs` to `toMs`. */
type WindowTimeline = { window: ScheduleWindow; starts: number[]; ends: number[]; startIndex: number; endIndex: number };

/**
 * Returns a function giving the replica bounds in force at each time from `fromMs` to `toMs`, for times passed
 * in increasing order. Where windows overlap, the highest minimum and the highest maximum apply, as KEDA
 * takes the highest replica count of its active triggers.
 */
export function scheduleCursor(policy: ScheduledPolicy, fromMs: number, toMs: number): (nowMs: number) => ReplicaBounds {
  const timelines: WindowTimeline[] = policy.windows.map((window) => ({
    window,
    starts: occurrences(window.start, policy.timezone, fromMs, toMs),
    ends: occurrences(window.end, policy.timezone, fromMs, toMs),
    startIndex: -1,
    endIndex: -1,
  }));

  return (nowMs) => {
    let minReplicas = 0;
    let maxReplicas = 0;
    const open: string[] = [];
    for (const timeline of timelines) {
      while (timeline.startIndex + 1 < timeline.starts.length && timeline.starts[timeline.startIndex + 1] <= nowMs) timeline.startIndex++;
      while (timeline.endIndex + 1 < timeline.ends.length && timeline.ends[timeline.endIndex + 1] <= nowMs) timeline.endIndex++;

      const lastStart = timeline.startIndex >= 0 ? timeline.starts[timeline.startIndex] : -Infinity;
      const lastEnd = timeline.endIndex >= 0 ? timeline.ends[timeline.endIndex] : -Infinity;
      if (lastStart === -Infinity || lastStart <= lastEnd) continue;

      open.push(timeline.window.name);
      minReplicas = Math.max(minReplicas, timeline.window.minReplicas);
      maxReplicas = Math.max(maxReplicas, timeline.window.maxReplicas);
    }

    if (open.length === 0) return { minReplicas: policy.minReplicas, maxReplicas: policy.maxReplicas, windows: open };
    return { minReplicas, maxReplicas, windows: open };
  };
}

/** Returns the replica bounds in force at one time. */
export function boundsAt(policy: ScheduledPolicy, nowMs: number): ReplicaBounds {
  return scheduleCursor(policy, nowMs, nowMs)(nowMs);
}
