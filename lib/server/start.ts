import { config, ConfigError } from "../config";
import { ensureUser } from "../auth/users";
import { getDbHandle } from "../db/runtime";
import { startWorker, type Worker } from "../jobs/worker";
import { logger } from "../log";
import { drainWorkerOnShutdown } from "./shutdown";

export const DEMO_ACCOUNTS = [
  { email: "admin@keel.demo", name: "Demo Admin", password: "keel-demo-admin", role: "admin" },
  { email: "approver@keel.demo", name: "Demo Approver", password: "keel-demo-approver", role: "approver" },
] as const;

// Kept on globalThis so that a second call in the same process (Next.js development reloads) starts no
// second worker.
const globalForWorker = globalThis as typeof globalThis & { keelWorker?: Worker };

/**
 * Runs once when the server starts: validates configuration, opens and migrates the database, creates
 * the first admin and, in demo mode, the demo accounts, and starts the background job worker unless
 * KEEL_WORKER=off. Exits the process on invalid settings.
 */
export async function startServer(): Promise<void> {
  let settings;
  try {
    settings = config();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const { db } = await getDbHandle();
  if (settings.adminEmail && settings.adminPassword) {
    const created = await ensureUser(
      db,
      { email: settings.adminEmail, name: "Admin", password: settings.adminPassword, role: "admin" },
      logger,
    );
    if (created) logger.info({ email: settings.adminEmail }, "created the first admin from KEEL_ADMIN_EMAIL");
  }

  if (settings.demo) {
    for (const account of DEMO_ACCOUNTS) await ensureUser(db, { ...account }, logger);
    const list = DEMO_ACCOUNTS.map((account) => `  ${account.role}: ${account.email} / ${account.password}`).join("\n");
    console.log(`Keel demo mode. Sign in at ${settings.publicUrl}/signin with:\n${list}`);
  }
  if (settings.worker === "in-process" && !globalForWorker.keelWorker) {
    globalForWorker.keelWorker = startWorker({ db });
    drainWorkerOnShutdown(globalForWorker.keelWorker, { graceMs: settings.shutdownGraceSeconds * 1000, log: logger });
  }
  logger.info({ publicUrl: settings.publicUrl, worker: settings.worker }, "keel started");
}
