import { KeelError } from "../errors";
import { roles, type Actor, type ApiKeyScope, type Ctx, type Role } from "../context";

/** The access rule of an operation: a minimum role for signed-in users and a scope for API keys. */
export type Access = { role: Role; scope: ApiKeyScope };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(minimum);
}

export function isAllowed(actor: Actor, access: Access): boolean {
  if (actor.type === "system") return true;
  if (actor.type === "user") return roleAtLeast(actor.role, access.role);
  return actor.scopes.includes("admin") || actor.scopes.includes(access.scope);
}

/** Throws a 403 KeelError unless the actor may perform an operation needing `access`. */
export function authorize(ctx: Pick<Ctx, "actor">, access: Access): void {
  if (isAllowed(ctx.actor, access)) return;

  const needed =
    ctx.actor.type === "api_key" ? `an API key with the "${access.scope}" scope` : `the "${access.role}" role or higher`;
  throw new KeelError("forbidden", `This operation requires ${needed}.`);
}
