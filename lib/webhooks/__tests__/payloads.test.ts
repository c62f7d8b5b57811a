import { describe, expect, it } from "vitest";
import { envelope, renderWebhookBody, slackMessage, type AlertEventData } from "../payloads";
import { signWebhookBody, verifyWebhookSignature } from "../signature";

const alert: AlertEventData = {
  id: 12,
  endpoint: { id: 3, name: "delay-prod" },
  sourceKind: "drift_monitor",
  sourceId: "7",
  dedupeKey: "drift:7",
  severity: "critical",
  title: "Drift in <origin> & destination",
  details: { feature: "origin", psi: 0.42 },
  state: "firing",
  fireCount: 2,
  firstFiredAt: "2026-01-05T10:00:00.000Z",
  lastFiredAt: "2026-01-05T11:00:00.000Z",
  resolvedAt: null,
  url: "https://keel.example/alerts?state=all&endpoint=delay-prod",
};

const createdAt = new Date("2026-01-05T11:00:01Z");

describe("renderWebhookBody", () => {
  it("wraps a JSON event in the envelope", () => {
    const body = renderWebhookBody("json", envelope("d-1", { type: "alert.fired", data: { alert } }, createdAt));

    expect(JSON.parse(body)).toEqual({ id: "d-1", type: "alert.fired", createdAt: "2026-01-05T11:00:01.000Z", data: { alert } });
  });

  it("renders Slack text and blocks", () => {
    const body = JSON.parse(renderWebhookBody("slack", envelope("d-1", { type: "alert.fired", data: { alert } }, createdAt)));

    expect(Object.keys(body).sort()).toEqual(["blocks", "text"]);
    expect(body.text).toBe("[CRITICAL] Drift in <origin> & destination (endpoint delay-prod)");
    expect(body.blocks[0].text.text).toBe(
      "*<https://keel.example/alerts?state=all&endpoint=delay-prod|[CRITICAL] Drift in &lt;origin&gt; &amp; destination>*",
    );
    expect(body.blocks[1].fields.map((field: { text: string }) => field.text)).toEqual([
      "*Endpoint*\ndelay-prod",
      "*Severity*\ncritical",
      "*Source*\ndrift_monitor 7",
      "*State*\nfiring",
    ]);
    expect(body.blocks[2].text.text).toBe("• feature: origin\n• psi: 0.42");
  });
});

describe("slackMessage", () => {
  it("marks a resolved alert", () => {
    const message = slackMessage(
      envelope("d-2", { type: "alert.resolved", data: { alert: { ...alert, state: "resolved", resolvedAt: "2026-01-05T12:00:00.000Z" } } }, createdAt),
    );

    expect(message.text).toBe("[Resolved] Drift in <origin> & destination (endpoint delay-prod)");
    expect(JSON.stringify(message.blocks.at(-1))).toContain("Resolved 2026-01-05T12:00:00.000Z");
  });

  it("describes a retraining request", () => {
    const message = slackMessage(
      envelope("d-3", { type: "retraining.requested", data: { endpoint: { id: 3, name: "delay-prod" }, reason: "PSI > 0.2", evidence: { psi: 0.42 } } }, createdAt),
    );

    expect(message.text).toBe("Retraining requested for endpoint delay-prod: PSI > 0.2");
    expect(JSON.stringify(message.blocks)).toContain("PSI &gt; 0.2");
  });

  it("cuts a long section to Slack's limit", () => {
    const message = slackMessage(envelope("d-4", { type: "alert.fired", data: { alert: { ...alert, title: "x".repeat(5_000) } } }, createdAt));

    expect((message.blocks[0] as { text: { text: string } }).text.text.length).toBe(3_000);
  });
});

describe("verifyWebhookSignature", () => {
  const secret = "whsec_test";
  const body = '{"id":"d-1"}';

  it("accepts a fresh signature", () => {
    const signature = signWebhookBody(secret, 1_800_000_000, body);
    expect(verifyWebhookSignature({ secret, body, timestamp: "1800000000", signature, nowSeconds: 1_800_000_100 })).toBe(true);
  });

  it("rejects an old timestamp, another secret and a bad header", () => {
    const signature = signWebhookBody(secret, 1_800_000_000, body);

    expect(verifyWebhookSignature({ secret, body, timestamp: "1800000000", signature, nowSeconds: 1_800_000_301 })).toBe(false);
    expect(verifyWebhookSignature({ secret: "whsec_other", body, timestamp: "1800000000", signature, nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifyWebhookSignature({ secret, body, timestamp: "soon", signature, nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifyWebhookSignature({ secret, body, timestamp: "1800000000", signature: "v1=00", nowSeconds: 1_800_000_000 })).toBe(false);
  });
});
