import "server-only";
import { KeelError } from "@/lib/errors";
import type { Prefetched } from "@/components/queries";

/**
 * Runs a page's domain query for its client component. Input and lookup errors, such as an invalid
 * custom range in the URL, become a message for the page to show. Other errors propagate to Next.js.
 */
export async function prefetch<T>(search: string, load: () => Promise<T>): Promise<Prefetched<T>> {
  const fetchedAt = Date.now();
  try {
    return { search, fetchedAt, data: await load() };
  } catch (error) {
    if (error instanceof KeelError && error.code !== "internal" && error.code !== "unavailable") {
      const details = error.issues.map((issue) => `${issue.path} ${issue.message}`).join("; ");
      return { search, fetchedAt, error: details ? `${error.message} ${details}.` : error.message };
    }
    throw error;
  }
}
