import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
// balancer would: each job runs once, a session cookie from one app works on the other, and the rate
// limits count the requests of both apps together.

const JOBS = 40;
const INGEST_PER_KEY = 4;
const SIGN_IN_PER_IP = 3;
const MAX_FAILURES = 2;
const binDir = postgresBinDir();
const serverUrl = process.env.DATABASE_URL;

/** Posts the next-auth credentials form with a wrong password, from `ip` as the nearest proxy reports it. */
async function failSignIn(baseUrl: string, email: string, ip: string): Promise<Response> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");

  return fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, email, password: "wrong-password-123", json: "true" }),
    redirect: "manual",
  });
}

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
  let secret = "";
  let ingestKey = "";

  beforeAll(async () => {
    if (!serverUrl) postgres = await startPrivatePostgres(binDir!);
    scratch = await createScratchDatabase(serverUrl ?? postgres!.url, "keel_test_replicas");
    handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 2 });
    await migrateDb(handle);
    secret = randomBytes(32).toString("hex");
    const env = {
      KEEL_SECRET: secret,
      KEEL_WORKER: "off",
      KEEL_RATE_LIMIT_INGEST_PER_KEY: String(INGEST_PER_KEY),
      KEEL_RATE_LIMIT_SIGN_IN_PER_IP: String(SIGN_IN_PER_IP),
      KEEL_SIGN_IN_MAX_FAILURES: String(MAX_FAILURES),
    };

    // The first app creates the admin; the second starts once the first is up.
    servers.push(
      await startKeelServer({
        label: "replica-a",
        databaseUrl: scratch.url,
        env,
        prepare: async (keel) => {
          ingestKey = (await keel(["create-api-key", "--name", "replica ingest", "--scopes", "ingest"])).trim();
        },
      }),
    );
    servers.push(await startKeelServer({ label: "replica-b", databaseUrl: scratch.url, env }));
  }, 240_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill("SIGKILL");
    for (const server of servers) await server.stop();
    await handle?.close();
    await scratch?.drop();
    postgres?.destroy();
  });

  it("runs each job once and shares sessions", { timeout: 240_000 }, async () => {
    const ctx = { db: handle!.db, actor: { type: "system" } as const, log: silentLogger, now: () => new Date() };
    const runs = [startWorker(scratch!.url, secret), startWorker(scratch!.url, secret)];
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

    const result = await handle!.db.execute(
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

  it("shares the ingest limit between apps", async () => {
    const sendEvents = (baseUrl: string) =>
      fetch(`${baseUrl}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${ingestKey}`, "content-type": "application/json" },
        body: JSON.stringify({ records: [] }),
      });
    for (let i = 0; i < INGEST_PER_KEY; i++) {
      const response = await sendEvents(servers[0].baseUrl);
      expect(response.status).toBeLessThan(429);
    }

    const response = await sendEvents(servers[1].baseUrl);

    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("shares the sign-in limit per address between apps", async () => {
    const ip = "198.51.100.21";
    for (let i = 0; i < SIGN_IN_PER_IP; i++) {
      const response = await failSignIn(servers[i % 2].baseUrl, `user${i}@keel.test`, ip);
      expect(response.status).toBeLessThan(429);
    }

    const response = await failSignIn(servers[1].baseUrl, "another@keel.test", ip);

    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("shares the account lockout between apps", async () => {
    const ip = "198.51.100.22";
    for (let i = 0; i < MAX_FAILURES; i++) {
      const response = await failSignIn(servers[0].baseUrl, "nobody@keel.test", ip);
      expect(response.status).toBeLessThan(429);
    }

    const response = await failSignIn(servers[1].baseUrl, "nobody@keel.test", ip);

    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("account");
  });
});
