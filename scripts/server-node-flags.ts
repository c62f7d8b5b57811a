// Node flags of Keel's HTTP server (scripts/serve.mjs), wherever it starts. package.json's "start" and the
// Dockerfile's CMD spell them out, and test/unit/server-node-flags.test.ts and dockerfile.test.ts check them
// against this list. scripts/run-demo.ts and the servers of the tests and benchmarks (test/server.ts) read it.
//
// --max-semi-space-size=32 raises the largest semi-space of V8's young generation to 32 MiB. Node's CLI
// documentation gives 16 MiB as the default on 64-bit machines with more than 2 GiB of memory, and less
// below that, and describes the young generation as three semi-spaces, so it may grow to 96 MiB, not 48.
// Ingest allocates short-lived objects for every record. With 200,000 spread flights the server used 11.6
// to 11.7 ms of CPU per batch of 1,000 against 13.9 to 14.1 ms without the flag (scripts/bench/ingest.ts,
// docs/benchmarks.md), and 64 MiB gained nothing more.
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32"];
