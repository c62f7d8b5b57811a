import { ensureUser } from "../../lib/auth/users";
import { runDemo, type DemoSummary } from "../../lib/demo/run";
import { HttpTarget } from "../../lib/demo/target-http";
import { LocalTarget } from "../../lib/demo/target-local";
import { logger } from "../../lib/log";
import { DEMO_ACCOUNTS } from "../../lib/server/start";
import { UsageError, type Command } from "./args";
import { withDatabase } from "./database";

export const demoCommand: Command = {
  name: "demo",
  summary: "Loads the flights demo: a trained model, its endpoint, and replayed predictions, labels and load.",
  details:
    "Trains the flight-delay model on January 2001 (version 1) and on May 2001 (version 2), registers both\n" +
    "with the endpoint flight-delay-prod serving version 1, and replays sampled flights as prediction logs,\n" +
    "their delays as labels and the flights per minute as load metrics, shifted by whole weeks so that the data ends this week. Then it runs the drift monitor\n" +
    "training-profile (the last 30 days against version 1's training profile), creating it the first time.\n\n" +
    "Without --url the command opens the configured database itself (DATABASE_URL, else the embedded one in\n" +
    "KEEL_DATA_DIR; stop the server first in that case) and also creates the demo accounts. With --url it\n" +
    "sends everything over the HTTP API of a running Keel, with an API key that has the ingest and read scopes\n" +
    "(and admin for the drift monitor, which is skipped without it).\n" +
    "Running it again stores only what is missing: request ids and the time shift stay the same.",
  options: {
    rows: { type: "string", value: "N|all", description: "flights to replay, spread evenly over the file (default: every 5th, 600,000)" },
    url: { type: "string", value: "URL", description: "base URL of a running Keel, such as http://localhost:3000" },
    "api-key": { type: "string", value: "KEY", description: "API key for --url (default: $KEEL_API_KEY)" },
    help: { type: "boolean", description: "show this help" },
  },
  async run(values) {
    const rows = parseRows(values.rows, this);
    const url = typeof values.url === "string" ? values.url : undefined;
    const apiKey = typeof values["api-key"] === "string" ? values["api-key"] : process.env.KEEL_API_KEY;

    if (url === undefined) {
      if (values["api-key"] !== undefined) throw new UsageError("--api-key needs --url: it is only used over HTTP", this);
      await withDatabase(async (handle) => {
        for (const account of DEMO_ACCOUNTS) await ensureUser(handle.db, { ...account }, logger);
        printSummary(await runDemo({ target: new LocalTarget(handle, logger), rows }));
        printAccounts();
      });
      return;
    }

    if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) {
      throw new UsageError(`--url: invalid URL "${url}"; use an absolute http:// or https:// URL such as http://localhost:3000`, this);
    }
    if (!apiKey) {
      throw new UsageError("missing API key for --url: pass --api-key or set KEEL_API_KEY (create one with `npm run keel -- create-api-key --name demo --scopes ingest,read`)", this);
    }
    printSummary(await runDemo({ target: new HttpTarget(url, apiKey, logger), rows }));
    console.log("The demo accounts are created by the server itself when it runs with KEEL_DEMO=1.");
  },
};

function parseRows(value: string | boolean | undefined, command: Command): number | "all" | undefined {
  if (value === undefined) return undefined;
  if (value === "all") return "all";
  if (typeof value === "string" && /^[1-9][0-9]*$/.test(value)) return Number(value);
  throw new UsageError(`--rows: invalid value "${value}"; use a positive whole number such as 100000, or all`, command);
}

function printSummary(summary: DemoSummary): void {
  const { predictions, labels, metrics } = summary.totals;
  const line = (name: string, result: DemoSummary["totals"]["metrics"]) =>
    `  ${name.padEnd(12)} ${result.stored.toLocaleString("en-US").padStart(10)} stored, ` +
    `${result.duplicates.toLocaleString("en-US")} already present (${result.seconds.toFixed(1)} s in ingest)`;

  console.log(
    [
      `Demo loaded: ${summary.sampleRows.toLocaleString("en-US")} flights, shifted ${summary.shiftWeeks} weeks, replayed in ${summary.replaySeconds.toFixed(1)} s.`,
      line("predictions", predictions),
      line("labels", labels),
      line("metrics", metrics),
      ...monitorLines(summary.monitor),
    ].join("\n"),
  );
}

function monitorLines(run: DemoSummary["monitor"]): string[] {
  if (!run) return ["  drift monitor skipped: the API key lacks the admin scope"];
  if (run.status === "failed") return [`  drift monitor training-profile failed (report ${run.reportId}): ${run.error}`];
  if (run.status === "no_data") {
    return [`  drift monitor training-profile found no logs in the last 30 days (report ${run.reportId}); the replayed data ends earlier`];
  }
  const outcome = run.status === "drift" ? "drift" : "no drift";
  // A monitor also fires on the prediction, score and label columns, so drift with no drifted feature is
  // possible and needs saying.
  const cause = run.status === "drift" && run.driftedCount === 0 ? "; the prediction, score or label columns drifted" : "";
  return [
    `  drift monitor training-profile: ${outcome}, ${run.driftedCount} of ${run.featureCount} features drifted${cause} ` +
      `over ${run.currentRows.toLocaleString("en-US")} logs of the last 30 days (report ${run.reportId})`,
  ];
}

function printAccounts(): void {
  const list = DEMO_ACCOUNTS.map((account) => `  ${account.role}: ${account.email} / ${account.password}`).join("\n");
  console.log(`Demo accounts for signing in:\n${list}`);
}
