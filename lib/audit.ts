import type { Actor } from "./context";

/** The actor columns of an audit row. */
export function actorColumns(actor: Actor): { actorType: "user" | "api_key" | "system"; actorId: number | null } {
  if (actor.type === "user") return { actorType: "user", actorId: actor.userId };
  if (actor.type === "api_key") return { actorType: "api_key", actorId: actor.keyId };
  return { actorType: "system", actorId: null };
}
