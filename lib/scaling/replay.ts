import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { simulateRequest, type SimulateRequest, type SimulationResult } from "./simulate";

/**
 * Replays a policy over a caller's load series. Any viewer or `read` key may, because the replay reads and
 * writes nothing stored. NOTE: the replay blocks the request thread. A predictive policy over 30 days refits
 * its forecast 30 times, 20 to 50 ms each on 2 cores (docs/benchmarks.md).
 */
export function simulatePolicy(ctx: Pick<Ctx, "actor">, request: SimulateRequest): SimulationResult {
  authorize(ctx, { role: "viewer", scope: "read" });
  return simulateRequest(request);
}
