export * from "./audit";
export * from "./auth";
export * from "./ingest";
export * from "./registry";
export * from "./rollups";
