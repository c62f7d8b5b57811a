import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user and system) spent so far by the Keel servers, by PostgreSQL and by this script. */
export type CpuSnapshot = { keel: number; postgres: number; script: number };

// /proc counts CPU time in clock ticks of USER_HZ, which is 100 per second on every Linux architecture.
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Reads the CPU time of every process in the servers' process groups, of every process named postgres on
 * the machine (its whole cluster, other databases included) and of this process, from /proc. Returns null
 * where /proc does not exist, which is everywhere but Linux.
 */
export function cpuSnapshot(serverGroupIds: readonly number[]): CpuSnapshot | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  const snapshot: CpuSnapshot = { keel: 0, postgres: 0, script: 0 };
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // the process ended between the listing and the read
    }
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    if (Number(entry) === process.pid) snapshot.script += seconds;
    else if (serverGroupIds.includes(Number(fields[2]))) snapshot.keel += seconds;
    else if (name === "postgres") snapshot.postgres += seconds;
  }
  return snapshot;
}

/** Describes the CPU spent between two snapshots, in all and per 1,000 records. */
export function describeCpu(before: CpuSnapshot | null, after: CpuSnapshot | null, records: number): string {
  if (!before || !after) return "CPU use: not measured (no /proc on this system)";
  const labels = { keel: "Keel", postgres: "PostgreSQL", script: "this script" } as const;
  const parts = (["keel", "postgres", "script"] as const).map((group) => {
    const seconds = after[group] - before[group];
    const label = labels[group];
    return `${label} ${seconds.toFixed(2)} s (${((seconds * 1_000_000) / records).toFixed(1)} ms per 1,000 records)`;
  });
  return `CPU use: ${parts.join(", ")}`;
}
