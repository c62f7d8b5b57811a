import "server-only";
import { randomUUID } from "node:crypto";
import type { ActionResult } from "@/components/forms/action-result";
import { databaseInputError } from "@/lib/api/database-errors";
import { KeelError } from "@/lib/errors";
import { logger, withLogContext } from "@/lib/log";

/**
 * Runs the body of a server action and turns a KeelError into a result the form can show: its message
 * and, for invalid input, the issues grouped by field. Any other error is logged and reported without
 * internal details, as API responses do. Every line logged while it runs carries a new request id and
 * the action's name.
 */
export async function runAction<T>(action: string, work: () => Promise<T>): Promise<ActionResult<T>> {
  return withLogContext({ requestId: randomUUID(), action }, () => runLogged(work));
}

async function runLogged<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (thrown) {
    const inputError = databaseInputError(thrown);
    if (inputError) logger.warn({ err: thrown }, "the database rejected a value of the action's input");
    const error = inputError ?? thrown;

    if (error instanceof KeelError && error.code !== "internal") {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of error.issues) (fieldErrors[issue.path] ??= []).push(issue.message);
      if (error.code !== "unprocessable") logger.info({ code: error.code }, error.message);
      return { ok: false, message: error.message, fieldErrors };
    }

    logger.error({ err: error }, "server action failed");
    return { ok: false, message: "Internal error; the server log has details.", fieldErrors: {} };
  }
}
