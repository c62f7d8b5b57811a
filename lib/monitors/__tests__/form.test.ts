import { describe, expect, it } from "vitest";
import { checkMonitorForm, monitorChanges, monitorInput, newMonitorForm, overrideRowErrors, savedMonitorForm, type MonitorFormValues } from "../form";
import { createMonitorSchema } from "../schemas";

function form(changes: Partial<MonitorFormValues> = {}): MonitorFormValues {
  return { ...newMonitorForm("flight-delay-prod", 1), name: "training-profile", ...changes };
}

describe("monitorInput", () => {
  it("builds input the schema accepts", () => {
    const parsed = createMonitorSchema.parse(monitorInput(form({ overrides: [{ feature: "distance", method: "ks", threshold: "0.01" }] })));
    expect(parsed).toMatchObject({
      endpoint: "flight-delay-prod",
      name: "training-profile",
      reference: { type: "version", version: 1 },
      window: "24h",
      cron: "0 * * * *",
      timezone: "UTC",
      driftShare: 0.5,
      overrides: { distance: { method: "ks", threshold: 0.01 } },
    });
  });

  it("reads a range reference as UTC", () => {
    const input = monitorInput(form({ referenceType: "range", referenceFrom: "2026-01-01T00:00", referenceTo: "2026-02-01T12:30" }));
    expect(input.reference).toEqual({ type: "range", from: "2026-01-01T00:00:00Z", to: "2026-02-01T12:30:00Z" });
  });

  it("leaves out blank override fields", () => {
    const input = monitorInput(form({ overrides: [{ feature: " origin ", method: "", threshold: "" }, { feature: "", method: "", threshold: "" }] }));
    expect(input.overrides).toEqual({ origin: {} });
  });

  it("drops the endpoint from changes", () => {
    expect(monitorChanges(form())).not.toHaveProperty("endpoint");
  });
});

describe("checkMonitorForm", () => {
  it("accepts the defaults with a name", () => {
    expect(checkMonitorForm(form())).toEqual({});
  });

  it("reports the schema's errors by field", () => {
    const errors = checkMonitorForm(form({ name: "", driftShare: "1.5", referenceVersion: "" }));
    expect(Object.keys(errors).sort()).toEqual(["driftShare", "name", "reference.version"]);
    expect(errors.driftShare).toEqual(["must be at most 1"]);
  });

  it("reports a range that ends before it starts on to", () => {
    const errors = checkMonitorForm(form({ referenceType: "range", referenceFrom: "2026-02-01T00:00", referenceTo: "2026-01-01T00:00" }));
    expect(errors["reference.to"]).toEqual(["must be after from"]);
  });

  it("reports an invalid override threshold on its feature", () => {
    const errors = checkMonitorForm(form({ overrides: [{ feature: "distance", method: "", threshold: "abc" }] }));
    expect(errors["overrides.distance.threshold"]).toEqual(["must be a number"]);
  });

  it("reports a row without a feature", () => {
    const errors = checkMonitorForm(form({ overrides: [{ feature: "", method: "psi", threshold: "" }] }));
    expect(errors["overrideRows.0.feature"]).toHaveLength(1);
  });

  it("reports a feature listed twice", () => {
    const row = { feature: "origin", method: "psi", threshold: "" };
    const errors = checkMonitorForm(form({ overrides: [row, { ...row }] }));
    expect(errors["overrideRows.1.feature"]).toEqual(["is listed twice; keep one row per feature"]);
    expect(errors["overrideRows.0.feature"]).toBeUndefined();
  });
});

describe("overrideRowErrors", () => {
  it("picks the row's and its feature's errors", () => {
    const errors = {
      "overrideRows.1.feature": ["must not be empty"],
      "overrides.origin.method": ["must be one of ks, psi"],
      "overrides.origin": ["bad key"],
      cron: ["invalid"],
    };
    const row = { feature: "origin", method: "x", threshold: "" };
    expect(overrideRowErrors(errors, row, 0)).toEqual({ feature: ["bad key"], method: ["must be one of ks, psi"], threshold: [] });
    expect(overrideRowErrors(errors, row, 1).feature).toEqual(["must not be empty", "bad key"]);
  });
});

describe("savedMonitorForm", () => {
  it("round-trips a saved monitor", () => {
    const saved = {
      endpoint: "flight-delay-prod",
      name: "january",
      reference: { type: "range" as const, from: "2026-01-01T00:00:00.000Z", to: "2026-01-31T00:00:00.000Z" },
      window: "7d" as const,
      cron: "0 3 * * *",
      timezone: "Europe/Paris",
      driftShare: 0.3,
      overrides: { distance: { method: "ks", threshold: 0.01 } },
      predictionDrift: false,
      performance: true,
      retrainOnFire: true,
      enabled: false,
    };
    const parsed = createMonitorSchema.parse(monitorInput(savedMonitorForm(saved)));
    expect(parsed).toEqual({ ...saved, reference: { type: "range", from: "2026-01-01T00:00:00Z", to: "2026-01-31T00:00:00Z" } });
  });
});
