import type { Access } from "../auth/access";

/** Creating, editing, starting, stopping and abandoning experiments: engineers, or an API key with `admin`. */
export const MANAGE_EXPERIMENTS: Access = { role: "engineer", scope: "admin" };

/** Shipping a variant decides which version goes to production: approvers, or an API key with `admin`. */
export const SHIP_EXPERIMENTS: Access = { role: "approver", scope: "admin" };

/**
 * Assigning units: the serving code that logs predictions also asks for assignments, and each first
 * assignment is stored as an exposure, so the operation needs the `ingest` scope (engineers in a session).
 */
export const ASSIGN_UNITS: Access = { role: "engineer", scope: "ingest" };
