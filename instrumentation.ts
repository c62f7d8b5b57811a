// Next.js calls register() once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;

  const { startServer } = await import("./lib/server/start");
  await startServer();

  // scripts/serve.mjs, Keel's production server, passes ingest requests to this handler before Next.js.
  const { handleIngestRequest } = await import("./lib/api/node-ingest");
  (globalThis as typeof globalThis & { keelHandleIngestRequest?: typeof handleIngestRequest }).keelHandleIngestRequest = handleIngestRequest;
}
