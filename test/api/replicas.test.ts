import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { IN_MEMORY_DATA_DIR, openDb, type DbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { enqueueJob } from "@/lib/jobs";
import { pruneJobsJob } from "@/lib/jobs/prune";
import { repoRoot } from "../build";
import { silentLogger } from "../fixtures";
import { createScratchDatabase, type ScratchDatabase } from "../postgres";
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from "../private-postgres";
import { startKeelServer, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, type KeelServer } from "../server";

// Two app processes and two job workers share one PostgreSQL database, as replicas behind a load
// balancer would: each job runs once, and a session cookie from one app works on the other.

const JOBS = 40;
const binDir = postgresBinDir();
const serverUrl = process.env.DATABASE_URL;

/** Signs in with next-auth's credentials flow and returns the cookies of the session. */
async function signIn(baseUrl: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");

  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD, json: "true" }),
    redirect: "manual",
  });
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in set no session cookie (status ${response.status})`);
  return session.split(";")[0];
}

function startWorker(databaseUrl: string, secret: string) {
  const child = spawn(`${repoRoot}/node_modules/.bin/tsx`, ["scripts/worker.ts", "--poll-ms", "50", "--concurrency", "2"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, KEEL_SECRET: secret, KEEL_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, started: () => stdout.includes('"msg":"job worker started"'), stderr: () => stderr };
}

describe.skipIf(!serverUrl && !binDir)("two apps and two workers on one database", () => {
  let postgres: PrivatePostgres | undefined;
  let scratch: ScratchDatabase | undefined;
  let handle: DbHandle | undefined;
  const servers: KeelServer[] = [];
  const workers: ChildProcess[] = [];

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill("SIGKILL");
    for (const server of servers) await server.stop();
    await handle?.close();
    await scratch?.drop();
    postgres?.destroy();
  });

  it("runs each job once and shares sessions", { timeout: 240_000 }, async () => {
    if (!serverUrl) postgres = await startPrivatePostgres(binDir!);
    scratch = await createScratchDatabase(serverUrl ?? postgres!.url, "keel_test_replicas");
    handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 2 });
    await migrateDb(handle);
    const secret = randomBytes(32).toString("hex");

    // The first app creates the admin; the second starts once the first is up.
    for (const label of ["replica-a", "replica-b"]) {
      servers.push(await startKeelServer({ label, databaseUrl: scratch.url, env: { KEEL_SECRET: secret, KEEL_WORKER: "off" } }));
    }
    const ctx = { db: handle.db, actor: { type: "system" } as const, log: silentLogger, now: () => new Date() };
    const runs = [startWorker(scratch.url, secret), startWorker(scratch.url, secret)];
    workers.push(...runs.map((run) => run.child));
    await expect.poll(() => runs.every((run) => run.started()), { timeout: 60_000, interval: 100 }).toBe(true);
    const ids: number[] = [];
    for (let index = 0; index < JOBS; index += 1) ids.push(Number((await enqueueJob(ctx, pruneJobsJob, {})).id));

    await expect
      .poll(async () => {
        const result = await handle!.db.execute(`SELECT count(*)::int AS n FROM jobs WHERE id = ANY('{${ids.join(",")}}') AND state = 'succeeded'`);
        return (result as unknown as { rows: { n: number }[] }).rows[0].n;
      }, { timeout: 120_000, interval: 200 })
      .toBe(JOBS);

    const result = await handle.db.execute(
      `SELECT attempts, worker_id FROM jobs WHERE id = ANY('{${ids.join(",")}}')`,
    );
    const rows = (result as unknown as { rows: { attempts: number; worker_id: string }[] }).rows;
    expect(rows.filter((row) => row.attempts !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => row.worker_id)).size).toBe(2);

    const cookie = await signIn(servers[0].baseUrl);
    for (const server of servers) {
      const response = await fetch(`${server.baseUrl}/api/v1/jobs`, { headers: { cookie } });
      expect(response.status, server.baseUrl).toBe(200);
    }
    expect((await fetch(`${servers[1].baseUrl}/api/v1/jobs`)).status).toBe(401);

    for (const run of runs) {
      run.child.kill("SIGTERM");
      const [code] = (await once(run.child, "exit")) as [number | null];
      expect(code).toBe(0);
      expect(run.stderr()).toBe("");
    }
  });
});
