import "server-only";
import type { ActionResult } from "@/components/forms/action-result";
import { KeelError } from "@/lib/errors";
import { logger } from "@/lib/log";

/**
 * Runs the body of a server action and turns a KeelError into a result the form can show: its message
 * and, for invalid input, the issues grouped by field. Any other error is logged and reported without
 * internal details, as API responses do.
 */
export async function runAction<T>(action: string, work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof KeelError && error.code !== "internal") {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of error.issues) (fieldErrors[issue.path] ??= []).push(issue.message);
      if (error.code !== "unprocessable") logger.info({ action, code: error.code }, error.message);
      return { ok: false, message: error.message, fieldErrors };
    }

    logger.error({ err: error, action }, "server action failed");
    return { ok: false, message: "Internal error; the server log has details.", fieldErrors: {} };
  }
}
