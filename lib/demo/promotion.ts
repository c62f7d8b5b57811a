import { DEMO_ENDPOINT, DEMO_MODEL } from "./records";
import type { DemoTarget } from "./target";
import { VERSION_TWO } from "./version-two";

export type DemoPromotion = { id: number; created: boolean };

/**
 * Opens the demo's promotion request for version 2 under the model's default gate policy, after moving
 * version 2 into shadow, where its shadow predictions put it. Returns the existing request on a re-run,
 * and null when the version has already left shadow (approved, rejected or rolled back) or the target's
 * credentials may not open requests.
 */
export async function ensureDemoPromotion(target: DemoTarget): Promise<DemoPromotion | null> {
  const existing = (await target.listPromotions(DEMO_ENDPOINT)).find((request) => request.version === VERSION_TWO);
  if (existing) return { id: existing.id, created: false };

  const status = await target.versionStatus(DEMO_MODEL, VERSION_TWO);
  if (status === "registered") await target.setVersionStage(DEMO_MODEL, VERSION_TWO, "candidate");
  if (status === "registered" || status === "candidate") await target.setVersionStage(DEMO_MODEL, VERSION_TWO, "shadow");
  if (status !== null && !["registered", "candidate", "shadow"].includes(status)) return null;

  const opened = await target.openPromotion({
    endpoint: DEMO_ENDPOINT,
    version: VERSION_TWO,
    targetStage: "production",
    reason: "Version 2 is trained on May 2001 flights, later than version 1; promote it once its shadow traffic and reviews pass the gate.",
  });
  return opened ? { id: opened.id, created: true } : null;
}
