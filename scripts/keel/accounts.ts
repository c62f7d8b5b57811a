import { z } from "zod";
import { createApiKey, createApiKeySchema } from "../../lib/auth/api-keys";
import { createUser, createUserSchema } from "../../lib/auth/users";
import { apiKeyScopes, roles } from "../../lib/context";
import { migrateDb, pendingMigrationCount } from "../../lib/db/migrate";
import { requireString, UsageError, type Command } from "./args";
import { systemContext, withDatabase } from "./database";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Applies pending migrations to the configured database.",
  details: "The database is PostgreSQL when DATABASE_URL is set, else the embedded one in KEEL_DATA_DIR (default .keel).",
  options: { help: { type: "boolean", description: "show this help" } },
  async run() {
    await withDatabase(
      async (handle) => {
        const pending = await pendingMigrationCount(handle);
        await migrateDb(handle);
        console.error(pending === 0 ? "The database is up to date." : `Applied ${pending} migration${pending === 1 ? "" : "s"}.`);
      },
      { migrate: false },
    );
  },
};

export const createUserCommand: Command = {
  name: "create-user",
  summary: "Creates a user who can sign in to the web interface.",
  details:
    "The password is read from KEEL_NEW_USER_PASSWORD when --password is not given; prefer the variable,\n" +
    "because command-line arguments are visible to other users of the machine and end up in shell history.",
  options: {
    email: { type: "string", value: "EMAIL", description: "sign-in email address" },
    name: { type: "string", value: "NAME", description: "display name" },
    role: { type: "string", value: "ROLE", description: `one of ${roles.join(", ")}` },
    password: { type: "string", value: "PASSWORD", description: "at least 12 characters (default: $KEEL_NEW_USER_PASSWORD)" },
    help: { type: "boolean", description: "show this help" },
  },
  async run(values) {
    const password = typeof values.password === "string" ? values.password : process.env.KEEL_NEW_USER_PASSWORD;
    if (!password) throw new UsageError("missing password: pass --password or set KEEL_NEW_USER_PASSWORD", this);

    const input = parseFlags(createUserSchema, this, {
      email: requireString(values, "email", this),
      name: requireString(values, "name", this),
      role: requireString(values, "role", this, `one of ${roles.join(", ")}`),
      password,
    });
    const user = await withDatabase((handle) => createUser(systemContext(handle), input));
    console.error(`Created ${user.role} ${user.email} (user id ${user.id}).`);
  },
};

export const createApiKeyCommand: Command = {
  name: "create-api-key",
  summary: "Creates an API key and prints it once on stdout; Keel stores only its hash.",
  options: {
    name: { type: "string", value: "NAME", description: "what the key is for, shown in the key list" },
    scopes: { type: "string", value: "LIST", description: `comma-separated scopes: ${apiKeyScopes.join(", ")}` },
    help: { type: "boolean", description: "show this help" },
  },
  async run(values) {
    const scopes = requireString(values, "scopes", this, `a comma-separated list of ${apiKeyScopes.join(", ")}`)
      .split(",")
      .map((scope) => scope.trim())
      .filter(Boolean);
    const input = parseFlags(createApiKeySchema, this, { name: requireString(values, "name", this), scopes });

    const created = await withDatabase((handle) => createApiKey(systemContext(handle), input));
    console.error(`Created API key "${created.name}" (id ${created.id}, scopes ${created.scopes.join(", ")}). Store it now: it is not shown again.`);
    console.log(created.key);
  },
};

/** Validates flag values with the operation's schema, naming the flag in each issue. */
function parseFlags<S extends z.ZodType>(schema: S, command: Command, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;

  const lines = parsed.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`);
  throw new UsageError(lines.join("\n"), command);
}
