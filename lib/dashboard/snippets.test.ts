import { describe, expect, it } from "vitest";
import { labelBatchSchema, predictionBatchSchema } from "../ingest/schemas";
import { createEndpointSchema, createModelSchema } from "../registry/schemas";
import { labelCurl, predictionCurl, registerCurls } from "./snippets";

const now = new Date("2026-01-05T10:00:00.123Z");

function bodyOf(command: string): unknown {
  return JSON.parse(/-d '(.*)'$/m.exec(command)![1]);
}

describe("snippets", () => {
  it("logs a prediction the API accepts", () => {
    const command = predictionCurl("http://localhost:3000", "delay", 2, now);

    expect(command).toContain("curl -X POST http://localhost:3000/api/v1/predictions");
    expect(command).toContain('-H "Authorization: Bearer keel_..."');
    const parsed = predictionBatchSchema.parse(bodyOf(command));
    expect(parsed.records[0]).toMatchObject({ endpoint: "delay", modelVersion: 2, requestId: "r-1", prediction: 1 });
    expect(parsed.records[0].timestamp.toISOString()).toBe("2026-01-05T10:00:00.000Z");
  });

  it("sends a label the API accepts", () => {
    const parsed = labelBatchSchema.parse(bodyOf(labelCurl("http://localhost:3000", "delay", now)));
    expect(parsed.records[0]).toMatchObject({ endpoint: "delay", requestId: "r-1", label: 1 });
  });

  it("registers a model and an endpoint the API accepts", () => {
    const commands = registerCurls("https://keel.example.com").split("\n\n");

    expect(commands).toHaveLength(3);
    expect(createModelSchema.safeParse(bodyOf(commands[0])).success).toBe(true);
    expect(commands[1]).toContain("https://keel.example.com/api/v1/models/my-model/versions");
    expect(createEndpointSchema.safeParse(bodyOf(commands[2])).success).toBe(true);
  });
});
