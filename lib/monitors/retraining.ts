import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { KeelError } from "../errors";
import { requestRetraining } from "../webhooks";
import { getMonitor } from "./monitors";
import { getDriftReport } from "./reports";

/**
 * Posts a `retraining.requested` event with a drift report's results (without the per-column
 * distributions) to the retraining webhooks, as the "Request retraining" button does. Engineers, or API
 * keys with the ingest scope (to request) and the read scope (to read the report). Throws `unprocessable` for a failed report,
 * which contains no results, and when no retraining webhook is enabled.
 */
export async function requestRetrainingForReport(ctx: Ctx, input: { reportId: number }): Promise<{ deliveryIds: string[] }> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const report = await getDriftReport(ctx, input);
  if (report.status === "failed") {
    throw new KeelError("unprocessable", `Drift report ${report.id} failed, so it contains no results to send; run the monitor again first.`);
  }
  const monitor = await getMonitor(ctx, { monitorId: report.monitorId });

  const { body } = report;
  const evidence = {
    monitor: { id: monitor.id, name: monitor.name, endpoint: monitor.endpoint },
    reportId: report.id,
    status: report.status,
    ranAt: report.ranAt.toISOString(),
    dataset: body.dataset,
    window: body.current,
    reference: body.reference,
    features: body.features.map(({ distribution: _distribution, ...result }) => result),
    prediction: body.prediction.map(({ distribution: _distribution, ...result }) => result),
    performance: body.performance,
  };
  return requestRetraining(ctx, {
    endpointId: report.endpointId,
    reason: `Requested from drift report ${report.id} of monitor "${monitor.name}" on ${monitor.endpoint}.`,
    evidence,
  });
}
