import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from "../private-postgres";
import { startKeelServer, type KeelServer } from "../server";

// Streams prediction batches while the database fails, retrying each failed batch with the same request
// ids, then checks that every acknowledged record is stored exactly once.

const BATCH_SIZE = 25;
const MODEL = "fault-model";
const ENDPOINT = "fault-endpoint";

type StreamResult = {
  /** Request ids of records in batches that Keel answered with 200. */
  acknowledged: string[];
  /** Every answer other than 200: an HTTP status, or "network" when no response arrived. */
  failures: (number | "network")[];
};

async function call(server: KeelServer, apiKey: string, pathName: string, json: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}${pathName}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(json),
    signal: AbortSignal.timeout(20_000),
  });
}

async function createEndpoint(server: KeelServer, apiKey: string): Promise<void> {
  expect((await call(server, apiKey, "/api/v1/models", { name: MODEL, task: "classification" })).status).toBe(201);
  expect((await call(server, apiKey, `/api/v1/models/${MODEL}/versions`, { offlineMetrics: {} })).status).toBe(201);
  expect((await call(server, apiKey, "/api/v1/endpoints", { name: ENDPOINT, model: MODEL, productionVersion: 1 })).status).toBe(201);
}

// A retry resends its records unchanged, and the timestamp is part of a record's key, so every batch
// built for the same ids carries the same timestamp, even when it is built again after a restart.
const BATCH_TIMESTAMP = new Date(Date.now() - 60_000).toISOString();

function batch(prefix: string, index: number) {
  return Array.from({ length: BATCH_SIZE }, (_, offset) => ({
    endpoint: ENDPOINT,
    modelVersion: 1,
    requestId: `${prefix}-${index}-${offset}`,
    timestamp: BATCH_TIMESTAMP,
    features: { x: offset, group: `g${offset % 3}` },
    prediction: offset % 2,
  }));
}

/**
 * Sends `batches` batches one after another, calling `onAcknowledged` after each; a batch that fails is
 * sent again, unchanged, until it is acknowledged or `deadline` passes.
 */
async function stream(
  server: KeelServer,
  apiKey: string,
  options: {
    prefix: string;
    batches: number;
    deadline: number;
    onAcknowledged?: (count: number) => Promise<void> | void;
    /** Returns at the first failure instead of sending the batch again. */
    stopOnFailure?: boolean;
  },
): Promise<StreamResult> {
  const result: StreamResult = { acknowledged: [], failures: [] };
  for (let index = 0; index < options.batches; index += 1) {
    const records = batch(options.prefix, index);
    for (;;) {
      if (Date.now() > options.deadline) throw new Error(`batch ${index} was not acknowledged before the deadline; failures: ${result.failures.join(",")}`);
      const response = await call(server, apiKey, "/api/v1/predictions", { records }).catch(() => null);
      if (response?.status === 200) {
        const body = (await response.json()) as { stored: number; duplicates: number };
        expect(body.stored + body.duplicates).toBe(BATCH_SIZE);
        break;
      }
      result.failures.push(response?.status ?? "network");
      if (options.stopOnFailure) return result;
      if (response) {
        await response.arrayBuffer();
        if (response.status === 503) expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      }
      await delay(100);
    }
    result.acknowledged.push(...records.map((record) => record.requestId));
    await options.onAcknowledged?.(index + 1);
  }
  return result;
}

/** Returns how many times each request id is stored in prediction_logs of the database at `url`. */
async function storedCounts(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ request_id: string; n: number }>("SELECT request_id, count(*)::int AS n FROM prediction_logs GROUP BY request_id");
    return new Map(rows.map((row) => [row.request_id, row.n]));
  } finally {
    await client.end();
  }
}

function expectExactlyOnce(acknowledged: string[], counts: Map<string, number>) {
  const missing = acknowledged.filter((id) => !counts.has(id));
  const repeated = [...counts].filter(([, n]) => n !== 1);
  expect(missing).toEqual([]);
  expect(repeated).toEqual([]);
}

const binDir = postgresBinDir();

describe.skipIf(!binDir)("ingest on PostgreSQL under faults", () => {
  let postgres: PrivatePostgres | undefined;
  let server: KeelServer | undefined;
  let apiKey = "";

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    postgres?.destroy();
  });

  it("stores each acknowledged record once across a database restart", { timeout: 240_000 }, async () => {
    postgres = await startPrivatePostgres(binDir!);
    server = await startKeelServer({
      label: "faults-postgres",
      databaseServerUrl: postgres.url,
      env: { KEEL_DB_CONNECT_TIMEOUT_MS: "1000", KEEL_WORKER: "off" },
      prepare: async (keel) => {
        apiKey = (await keel(["create-api-key", "--name", "fault test", "--scopes", "admin"])).trim();
      },
    });
    await createEndpoint(server, apiKey);

    let ready: Response | undefined;
    const result = await stream(server, apiKey, {
      prefix: "restart",
      batches: 40,
      deadline: Date.now() + 180_000,
      onAcknowledged: async (count) => {
        if (count !== 10) return;
        // The server is down for a second while the client keeps sending.
        postgres!.crash();
        ready = await fetch(`${server!.baseUrl}/api/health/ready`);
        const live = await fetch(`${server!.baseUrl}/api/health`);
        expect(live.status).toBe(200);
        const down = await call(server!, apiKey, "/api/v1/predictions", { records: batch("down", 0) });
        expect(down.status).toBe(503);
        expect(down.headers.get("retry-after")).toMatch(/^\d+$/);
        setTimeout(() => postgres!.start(), 1_000);
      },
    });

    expect(ready?.status).toBe(503);
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures.filter((status) => status !== 503)).toEqual([]);
    expect(result.acknowledged).toHaveLength(40 * BATCH_SIZE);
    expect((await fetch(`${server.baseUrl}/api/health/ready`)).status).toBe(200);
    expectExactlyOnce(result.acknowledged, await storedCounts(server.databaseUrl!));
  });

  it("stores each acknowledged record once while connections are cut", { timeout: 240_000 }, async () => {
    expect(server, "the restart test starts the server").toBeDefined();
    const admin = new pg.Client({ connectionString: postgres!.url });
    await admin.connect();
    const database = new URL(server!.databaseUrl!).pathname.slice(1);
    let cutting = true;
    let cuts = 0;
    const cutter = (async () => {
      while (cutting) {
        const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database]);
        cuts += rowCount ?? 0;
        await delay(40);
      }
    })();

    try {
      const result = await stream(server!, apiKey, {
        prefix: "cut",
        batches: 60,
        deadline: Date.now() + 180_000,
      });
      cutting = false;
      await cutter;

      expect(cuts).toBeGreaterThan(0);
      expect(result.failures.filter((status) => status !== 503)).toEqual([]);
      expect(result.acknowledged).toHaveLength(60 * BATCH_SIZE);
      const counts = await storedCounts(server!.databaseUrl!);
      expectExactlyOnce(result.acknowledged, counts);
    } finally {
      cutting = false;
      await cutter.catch(() => undefined);
      await admin.end();
    }
  });
});

describe("ingest on PGlite after kill -9", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "keel-fault-pglite-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps every record acknowledged before the kill", { timeout: 240_000 }, async () => {
    let apiKey = "";
    const first = await startKeelServer({
      label: "faults-pglite-1",
      databaseServerUrl: null,
      dataDir,
      prepare: async (keel) => {
        apiKey = (await keel(["create-api-key", "--name", "fault test", "--scopes", "admin"])).trim();
      },
    });
    let before: StreamResult;
    try {
      await createEndpoint(first, apiKey);
      // The kill lands a few milliseconds after the 20th acknowledgement, while the next batch is in flight.
      before = await stream(first, apiKey, {
        prefix: "kill",
        batches: 1_000,
        deadline: Date.now() + 120_000,
        stopOnFailure: true,
        onAcknowledged: (count) => {
          if (count === 20) setTimeout(() => void first.kill(), 5);
        },
      });
    } finally {
      await first.stop();
    }
    expect(before.failures).toEqual(["network"]);
    expect(before.acknowledged.length).toBeGreaterThanOrEqual(20 * BATCH_SIZE);

    // A new server on the same data folder: the batch cut off by the kill is sent again with its ids.
    const inFlight = before.acknowledged.length / BATCH_SIZE;
    const second = await startKeelServer({ label: "faults-pglite-2", databaseServerUrl: null, dataDir });
    try {
      expect((await fetch(`${second.baseUrl}/api/health/ready`)).status).toBe(200);
      const retried = await call(second, apiKey, "/api/v1/predictions", { records: batch("kill", inFlight) });
      expect(retried.status).toBe(200);
      // The batch cut off by the kill was stored whole or not at all.
      const { duplicates } = (await retried.json()) as { duplicates: number };
      expect([0, BATCH_SIZE]).toContain(duplicates);
    } finally {
      await second.stop();
    }

    const handle = await openDb({ dataDir });
    try {
      const result = await handle.db.execute("SELECT request_id, count(*)::int AS n FROM prediction_logs GROUP BY request_id");
      const rows = (result as unknown as { rows: { request_id: string; n: number }[] }).rows;
      const counts = new Map(rows.map((row) => [row.request_id, row.n]));
      expectExactlyOnce([...before.acknowledged, ...batch("kill", inFlight).map((record) => record.requestId)], counts);
      expect(counts.size).toBe(before.acknowledged.length + BATCH_SIZE);
    } finally {
      await handle.close();
    }
  });
});
