import type { Access } from "../auth/access";

/** Reading registry data and charts: any signed-in user, or an API key with the `read` scope. */
export const READ: Access = { role: "viewer", scope: "read" };

/** Logging data and registering models: engineers, or an API key with the `ingest` scope. */
export const INGEST: Access = { role: "engineer", scope: "ingest" };

/** Managing users and API keys: admins, or an API key with the `admin` scope. */
export const ADMIN: Access = { role: "admin", scope: "admin" };

/** Deciding on promotions and changing gate policies: approvers, or an API key with the `admin` scope where the operation accepts keys. */
export const APPROVE: Access = { role: "approver", scope: "admin" };
