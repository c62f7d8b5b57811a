import { describe, expect, it } from "vitest";
import { submitReviewSchema } from "../schemas";

describe("submitReviewSchema", () => {
  it.each(["a\u0000b", "\ud800"])("rejects unstorable comment %j", (comment) => {
    const parsed = submitReviewSchema.safeParse({ choice: "first", comment });

    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toEqual(["comment"]);
  });
});
