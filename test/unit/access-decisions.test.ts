import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publicRoutes } from "@/lib/api/public-routes";
import { repoRoot } from "../build";
import { walkAccessDecisions, type HandlerDecision } from "../access-walker";

const walkOptions = (root: string) => ({
  root,
  apiRouteModule: path.join(repoRoot, "lib/api/route.ts"),
  guardModule: path.join(repoRoot, "lib/auth/session.ts"),
});

const isListedPublic = (handler: HandlerDecision) =>
  publicRoutes.some((route) => route.path === handler.path && route.methods.includes(handler.method as never));

/** Describes each handler that has no role or scope and is not on the public list. */
function undecidedHandlers(handlers: HandlerDecision[]): string[] {
  return handlers
    .filter((handler) => handler.decision !== "guarded" && !isListedPublic(handler))
    .map((handler) => `${handler.method} ${handler.path} (${path.relative(repoRoot, handler.file)}): ${handler.decision}`);
}

describe("access decisions in the app", { timeout: 120_000 }, () => {
  const walked = walkAccessDecisions(walkOptions(repoRoot));

  it("finds the route handlers and server actions", () => {
    expect(walked.handlers.length).toBeGreaterThan(20);
    expect(walked.actions.length).toBeGreaterThan(5);
  });

  it("gives every route handler a decision", () => {
    expect(undecidedHandlers(walked.handlers)).toEqual([]);
  });

  it("guards every server action", () => {
    const unguarded = walked.actions.filter((action) => !action.guarded).map((action) => `${action.name} in ${path.relative(repoRoot, action.file)}`);

    expect(unguarded).toEqual([]);
  });

  it("lists only routes that exist", () => {
    const exported = new Set(walked.handlers.map((handler) => `${handler.method} ${handler.path}`));
    const stale = publicRoutes.flatMap((route) => route.methods.map((method) => `${method} ${route.path}`)).filter((entry) => !exported.has(entry));

    expect(stale).toEqual([]);
  });

  it("gives each public route a reason", () => {
    for (const route of publicRoutes) expect(route.reason.length, route.path).toBeGreaterThan(20);
  });
});

describe("access walker on fixtures", { timeout: 120_000 }, () => {
  const fixtureRoot = path.join(repoRoot, "test/fixtures/access-walker");
  const walked = walkAccessDecisions(walkOptions(fixtureRoot));
  const decisionOf = (method: string, routePath: string) =>
    walked.handlers.find((handler) => handler.method === method && handler.path === routePath)?.decision;

  it("reads the fixture folder", () => {
    expect(existsSync(path.join(fixtureRoot, "app"))).toBe(true);
  });

  it("accepts apiRoute with a role and scope", () => {
    expect(decisionOf("GET", "/api/guarded")).toBe("guarded");
  });

  it("marks apiRoute with public as public", () => {
    expect(decisionOf("GET", "/api/open")).toBe("public");
  });

  it("sees public behind a constant", () => {
    expect(decisionOf("POST", "/api/alias-public")).toBe("public");
  });

  it("flags a plain exported function", () => {
    expect(decisionOf("GET", "/api/plain")).toBe("none");
  });

  it("flags a renamed export", () => {
    expect(decisionOf("DELETE", "/api/plain")).toBe("none");
  });

  it("flags a re-exported handler", () => {
    expect(decisionOf("GET", "/api/reexport")).toBe("none");
  });

  it("follows a constant to an imported apiRoute", () => {
    expect(decisionOf("GET", "/api/shared")).toBe("guarded");
  });

  it("flags a constant naming a plain function", () => {
    expect(decisionOf("POST", "/api/shared")).toBe("none");
  });

  it("reports every undecided fixture handler", () => {
    const undecided = undecidedHandlers(walked.handlers);

    expect(undecided).toHaveLength(6);
    expect(undecided.some((line) => line.startsWith("GET /api/guarded"))).toBe(false);
  });

  it("accepts a server action that calls the guard", () => {
    expect(walked.actions.find((action) => action.name === "guardedAction")?.guarded).toBe(true);
  });

  it("flags a server action without the guard", () => {
    expect(walked.actions.find((action) => action.name === "unguardedAction")?.guarded).toBe(false);
  });

  it("flags a lookalike guard", () => {
    expect(walked.actions.find((action) => action.name === "lookalikeAction")?.guarded).toBe(false);
  });

  it("checks inline server actions", () => {
    expect(walked.actions.find((action) => action.name === "inlineGuarded")?.guarded).toBe(true);
    expect(walked.actions.find((action) => action.name === "inlineOpen")?.guarded).toBe(false);
  });
});
