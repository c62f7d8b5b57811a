import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { simulateRequest, type SimulateRequest, type SimulationResult } from "./simulate";

/**
 * Replays a policy over a caller's load series. Any viewer or `read` key may, because the replay reads and
 * writes nothing stored. NOTE: the replay runs on the request thread; a predictive policy over 30 days of
 * history refits its forecast about 30 times (about 50 ms each on 2 cores).
 */
export function simulatePolicy(ctx: Pick<Ctx, "actor">, request: SimulateRequest): SimulationResult {
  authorize(ctx, { role: "viewer", scope: "read" });
  return simulateRequest(request);
}
