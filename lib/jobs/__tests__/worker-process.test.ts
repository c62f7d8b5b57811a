import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { IN_MEMORY_DATA_DIR, openDb } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/test/postgres";
import { systemCtx } from "@/test/fixtures";
import { enqueueJob } from "../index";
import { pruneJobsJob } from "../prune";
import { jobRow } from "./helpers";

const root = path.resolve(import.meta.dirname, "../../..");
const children: ChildProcess[] = [];
const cleanUps: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const cleanUp of cleanUps.splice(0)) await cleanUp();
});

/** Starts `npm run worker`'s script as a child process; collects its output. */
function startWorkerProcess(env: Record<string, string | undefined>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "keel-worker-process-"));
  cleanUps.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/worker.ts", "--poll-ms", "50"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined, KEEL_DATA_DIR: dataDir, KEEL_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const output = { stdout: "", stderr: "" };
  child.stdout!.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, output, exited };
}

function logMessages(stdout: string): { msg: string; [field: string]: unknown }[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}

it.skipIf(!process.env.DATABASE_URL)("runs a job and stops on SIGTERM", { timeout: 90_000 }, async () => {
  const scratch = await createScratchDatabase(process.env.DATABASE_URL!);
  cleanUps.push(scratch.drop);
  const handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 2 });
  cleanUps.unshift(() => handle.close());
  await migrateDb(handle);
  const { id } = await enqueueJob(systemCtx(handle.db), pruneJobsJob, {});

  const worker = startWorkerProcess({ DATABASE_URL: scratch.url, KEEL_SECRET: "0123456789abcdef0123456789abcdef" });
  await expect
    .poll(async () => (await jobRow(handle.db, id)).state, { timeout: 60_000, interval: 100 })
    .toBe("succeeded");

  worker.child.kill("SIGTERM");
  const [code] = await worker.exited;

  expect(code).toBe(0);
  const messages = logMessages(worker.output.stdout);
  const started = messages.find((message) => message.msg === "job worker started");
  expect(started?.workerId).toBe((await jobRow(handle.db, id)).workerId);
  expect(messages.some((message) => message.msg === "job succeeded" && message.jobId === Number(id))).toBe(true);
  expect(messages.map((message) => message.msg)).toContain("job worker stopped");
  expect(worker.output.stderr).toBe("");
});

it.skipIf(Boolean(process.env.DATABASE_URL))("refuses to run on the embedded database", { timeout: 60_000 }, async () => {
  const worker = startWorkerProcess({});

  const [code] = await worker.exited;

  expect(code).toBe(1);
  expect(worker.output.stderr).toContain("keel worker: DATABASE_URL is not set");
  expect(worker.output.stdout).not.toContain("job worker started");
});
