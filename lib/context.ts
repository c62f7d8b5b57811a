import type { Db } from "./db/client";
import type { Logger } from "./log";

export const roles = ["viewer", "engineer", "approver", "admin"] as const;
export type Role = (typeof roles)[number];

export const apiKeyScopes = ["ingest", "read", "admin"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export type Actor =
  | { type: "user"; userId: number; email: string; role: Role }
  | { type: "api_key"; keyId: number; scopes: ApiKeyScope[] }
  | { type: "system" };

/** The context of every domain function: the database, the acting user or key, a logger and a clock. */
export type Ctx = {
  db: Db;
  actor: Actor;
  log: Logger;
  now: () => Date;
};
