import type { Ctx } from "../context";
import { getEndpoint } from "../registry/endpoints";
import { getModel } from "../registry/models";

export type CandidateChoice = {
  productionVersion: number | null;
  /** Versions other than production's, newest first. */
  candidates: number[];
  /** The requested version when it is a candidate, else the newest candidate, else null. */
  selected: number | null;
};

/** Lists an endpoint's candidate versions and picks the one a page shows. */
export async function chooseCandidate(ctx: Ctx, input: { endpoint: string; requested?: number }): Promise<CandidateChoice> {
  const endpoint = await getEndpoint(ctx, { name: input.endpoint });
  const model = await getModel(ctx, { name: endpoint.model });
  const candidates = model.versions.map((version) => version.version).filter((version) => version !== endpoint.productionVersion);
  const selected = input.requested !== undefined && candidates.includes(input.requested) ? input.requested : (candidates[0] ?? null);
  return { productionVersion: endpoint.productionVersion, candidates, selected };
}

/** Reads `?version=` from a page's search params; anything but a positive whole number is ignored. */
export function versionParam(raw: string | string[] | undefined): number | undefined {
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
