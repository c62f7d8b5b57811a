// `npm test`: builds the app when stale, runs Vitest (unit and API projects), then Playwright, and prints
// one summary. Both runners run even when the first fails. Exits non-zero when any test failed or a
// runner crashed before writing its report.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureBuild, repoRoot } from "./build";

type Counts = { passed: number; failed: number; skipped: number };
type RunnerResult = { name: string; exitCode: number; counts: Counts | null };

const resultsDir = path.join(repoRoot, "test-results");
const vitestReport = path.join(resultsDir, "vitest.json");
const playwrightReport = path.join(resultsDir, "playwright.json");

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(path.join(repoRoot, "node_modules/.bin", command), args, { cwd: repoRoot, stdio: "inherit", env });
  return result.status ?? 1;
}

function vitestCounts(): Counts | null {
  if (!existsSync(vitestReport)) return null;
  const report = JSON.parse(readFileSync(vitestReport, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(): Counts | null {
  if (!existsSync(playwrightReport)) return null;
  const { stats } = JSON.parse(readFileSync(playwrightReport, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

function formatResult(result: RunnerResult): string {
  if (!result.counts) return `${result.name}: no report written (exit code ${result.exitCode})`;
  const { passed, failed, skipped } = result.counts;
  return `${result.name}: ${passed} passed, ${failed} failed, ${skipped} skipped (exit code ${result.exitCode})`;
}

function main(): number {
  mkdirSync(resultsDir, { recursive: true });
  rmSync(vitestReport, { force: true });
  rmSync(playwrightReport, { force: true });

  const database = process.env.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : "embedded PGlite";
  console.log(`Keel tests against ${database}`);
  try {
    ensureBuild();
  } catch (error) {
    console.error(`\nSummary (${database}):\n  ${(error as Error).message}\n  No tests ran.`);
    return 1;
  }

  const vitestExit = run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
  const vitest: RunnerResult = { name: "vitest", exitCode: vitestExit, counts: vitestCounts() };

  const playwrightExit = run("playwright", ["test", "--reporter=list,json"], {
    ...process.env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  });
  const playwright: RunnerResult = { name: "playwright", exitCode: playwrightExit, counts: playwrightCounts() };

  const results = [vitest, playwright];
  const total = results.reduce(
    (sum, result) => ({
      passed: sum.passed + (result.counts?.passed ?? 0),
      failed: sum.failed + (result.counts?.failed ?? 0),
      skipped: sum.skipped + (result.counts?.skipped ?? 0),
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  const ok = results.every((result) => result.exitCode === 0 && result.counts !== null);

  const summaryFile = process.env.KEEL_TEST_SUMMARY_FILE;
  if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ database, ok, total, results }, null, 2));

  console.log(`\nSummary (${database}):`);
  for (const result of results) console.log(`  ${formatResult(result)}`);
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return ok ? 0 : 1;
}

process.exitCode = main();
