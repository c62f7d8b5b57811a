// Starts Keel's production server (`npm start`): Next.js behind Node's own HTTP server, so that ingest
// requests with an API key skip Next.js request handling (lib/api/node-ingest.ts). It takes the same two
// flags as `next start`:
//
//   node scripts/serve.mjs [-H hostname] [-p port]
//
// The port defaults to PORT, else 3000, and the server listens on all interfaces unless -H names one.

import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";

const { values: flags } = parseArgs({
  options: { hostname: { type: "string", short: "H" }, port: { type: "string", short: "p" } },
  strict: true,
});
const hostname = flags.hostname;
const port = Number(flags.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`Invalid port "${flags.port ?? process.env.PORT}"; use a whole number from 0 to 65535.`);
  process.exit(1);
}

const app = next({ dev: false, hostname, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

// instrumentation.ts installs the ingest handler once the database is ready; until then Next.js serves
// ingest requests too.
const server = createServer((request, response) => {
  if (globalThis.keelHandleIngestRequest?.(request, response)) return;
  handleWithNext(request, response).catch((error) => {
    console.error("Next.js failed to handle a request:", error);
    if (!response.headersSent) response.writeHead(500).end();
    else response.destroy();
  });
});
server.on("error", (error) => {
  console.error(`Keel could not listen on ${hostname ?? "all interfaces"} port ${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  console.log(`Keel listening on http://${hostname ?? "localhost"}:${port}`);
});

// As `next start` does: stop accepting connections, let requests in flight finish, then exit.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  });
}
