import os from "node:os";
import path from "node:path";

/** Formats the 1, 5 and 15 minute load averages, which show how busy the shared machine was. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
}

/** Describes the machine a benchmark ran on: CPU model and count, memory, Node.js version and current load. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const memoryGiB = os.totalmem() / 1024 ** 3;
  return [
    `machine: ${cpus.length} cores, ${cpus[0]?.model ?? "unknown CPU"}, ${memoryGiB.toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`,
    `node ${process.version}; load average (1 / 5 / 15 min) at start: ${loadAverage()}`,
  ].join("\n");
}

/** Returns the command that started this script, as it would be typed from the repository root. */
export function commandLine(): string {
  const script = path.relative(process.cwd(), process.argv[1] ?? "");
  return ["npx tsx", script, ...process.argv.slice(2)].join(" ");
}

/** Formats a rate such as 12,345 rows/s. */
export function formatRate(rows: number, seconds: number): string {
  return `${Math.round(rows / seconds).toLocaleString("en-US")} rows/s`;
}
