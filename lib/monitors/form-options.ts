import type { Ctx } from "../context";
import { PREDICTION_COLUMN, SCORE_COLUMN } from "../drift/summaries";
import { getEndpoint } from "../registry/endpoints";
import { getModel } from "../registry/models";

export type MonitorFormOptions = {
  productionVersion: number | null;
  versions: { version: number; hasProfile: boolean }[];
  /** Feature names of the versions' training profiles, then the prediction and score columns. */
  columns: string[];
};

/** Loads the choices of an endpoint's monitor form: its model's versions and the column names to suggest. */
export async function loadMonitorFormOptions(ctx: Ctx, input: { endpoint: string }): Promise<MonitorFormOptions> {
  const endpoint = await getEndpoint(ctx, { name: input.endpoint });
  const model = await getModel(ctx, { name: endpoint.model });

  const features = new Set<string>();
  for (const version of model.versions) {
    const profileFeatures = (version.trainingProfile as { features?: unknown } | null)?.features;
    if (profileFeatures && typeof profileFeatures === "object") Object.keys(profileFeatures).forEach((name) => features.add(name));
  }
  return {
    productionVersion: endpoint.productionVersion,
    versions: model.versions
      .map((version) => ({ version: version.version, hasProfile: version.trainingProfile !== null }))
      .sort((a, b) => a.version - b.version),
    columns: [...[...features].sort(), PREDICTION_COLUMN, SCORE_COLUMN],
  };
}
