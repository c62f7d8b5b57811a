/** Seconds between progress lines when stderr is not a terminal (a log file or CI). */
const LINE_INTERVAL_SECONDS = 5;
/** Seconds between redraws of the progress line on a terminal. */
const REDRAW_INTERVAL_SECONDS = 0.5;

type Output = { isTTY?: boolean; write(text: string): unknown };

/**
 * Reports the progress of a long step on stderr: percent done, rows per second and an estimate of the
 * time left. On a terminal one line is redrawn in place, and elsewhere a new line is written every 5 seconds.
 */
export class ProgressReporter {
  private readonly started = performance.now();
  private lastReport = -Infinity;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly output: Output = process.stderr,
  ) {}

  /** Records that `count` more rows are done, and reports when the interval has passed. */
  advance(count: number): void {
    this.done += count;
    const now = performance.now();
    const interval = this.output.isTTY ? REDRAW_INTERVAL_SECONDS : LINE_INTERVAL_SECONDS;
    if ((now - this.lastReport) / 1000 < interval) return;

    this.lastReport = now;
    this.write(this.describe(now));
  }

  /** Writes the final line with the total time and returns the elapsed seconds. */
  finish(): number {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    this.write(`${this.label}: ${this.done.toLocaleString("en-US")} ${this.unit} in ${seconds.toFixed(1)} s (${rate.toLocaleString("en-US")} ${this.unit}/s)`);
    if (this.output.isTTY) this.output.write("\n");
    return seconds;
  }

  private describe(now: number): string {
    const seconds = (now - this.started) / 1000;
    const percent = this.total > 0 ? (100 * this.done) / this.total : 100;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const left = rate > 0 ? (this.total - this.done) / rate : Number.NaN;
    const leftText = Number.isFinite(left) ? `${formatDuration(left)} left` : "time left unknown";
    return `${this.label}: ${percent.toFixed(1)}%  ${this.done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} ${this.unit}  ${Math.round(rate).toLocaleString("en-US")} ${this.unit}/s  ${leftText}`;
  }

  private write(line: string): void {
    if (this.output.isTTY) this.output.write(`\r\x1b[2K${line}`);
    else this.output.write(`${line}\n`);
  }
}

/** Formats seconds as "42 s", "3 min 5 s" or "1 h 2 min". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}
