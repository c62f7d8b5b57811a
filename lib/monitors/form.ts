import { fieldIssues } from "../api/problems";
import { fromDateTimeLocal, toDateTimeLocal } from "../dashboard/format";
import { DRIFT_WINDOWS, type MonitorReference } from "../db/schema/monitors";
import type { StattestName } from "../drift/names";
import { createMonitorSchema, type CreateMonitorInput, type UpdateMonitorInput } from "./schemas";

// The monitor form keeps text as typed. These functions turn it into the input of createMonitorSchema, the
// schema both the form and the server parse with, and place each error beside the field that caused it.

export type DriftWindow = (typeof DRIFT_WINDOWS)[number];

/** The span of each current window, as the pages name it. */
export const WINDOW_LABELS: Record<DriftWindow, string> = {
  "1h": "last hour",
  "24h": "last 24 hours",
  "7d": "last 7 days",
  "30d": "last 30 days",
};

/** One per-feature override as the form edits it: a feature name, a stattest name and a threshold, as typed. */
export type OverrideRow = { feature: string; method: string; threshold: string };

export type MonitorFormValues = {
  endpoint: string;
  name: string;
  referenceType: MonitorReference["type"];
  referenceVersion: string;
  /** `datetime-local` values, read as UTC. */
  referenceFrom: string;
  referenceTo: string;
  window: DriftWindow;
  cron: string;
  timezone: string;
  driftShare: string;
  overrides: OverrideRow[];
  predictionDrift: boolean;
  performance: boolean;
  retrainOnFire: boolean;
  enabled: boolean;
};

/** Errors by field path, such as `cron` or `overrides.distance.threshold`. */
export type FormErrors = Record<string, string[]>;

/** The saved fields of a monitor that the edit form starts from. */
type SavedMonitor = {
  endpoint: string;
  name: string;
  reference: MonitorReference;
  window: DriftWindow;
  cron: string;
  timezone: string;
  driftShare: number;
  overrides: Record<string, { method?: string; threshold?: number }>;
  predictionDrift: boolean;
  performance: boolean;
  retrainOnFire: boolean;
  enabled: boolean;
};

/** Returns the new-monitor form of an endpoint: hourly runs over the last day against `version`'s training profile. */
export function newMonitorForm(endpoint: string, version: number | null): MonitorFormValues {
  return {
    endpoint,
    name: "",
    referenceType: "version",
    referenceVersion: version === null ? "" : String(version),
    referenceFrom: "",
    referenceTo: "",
    window: "24h",
    cron: "0 * * * *",
    timezone: "UTC",
    driftShare: "0.5",
    overrides: [],
    predictionDrift: true,
    performance: true,
    retrainOnFire: false,
    enabled: true,
  };
}

/** Returns the edit form of a saved monitor. */
export function savedMonitorForm(monitor: SavedMonitor): MonitorFormValues {
  const { reference } = monitor;
  return {
    endpoint: monitor.endpoint,
    name: monitor.name,
    referenceType: reference.type,
    referenceVersion: reference.type === "version" ? String(reference.version) : "",
    referenceFrom: reference.type === "range" ? toDateTimeLocal(reference.from) : "",
    referenceTo: reference.type === "range" ? toDateTimeLocal(reference.to) : "",
    window: monitor.window,
    cron: monitor.cron,
    timezone: monitor.timezone,
    driftShare: String(monitor.driftShare),
    overrides: Object.entries(monitor.overrides).map(([feature, override]) => ({
      feature,
      method: override.method ?? "",
      threshold: override.threshold === undefined ? "" : String(override.threshold),
    })),
    predictionDrift: monitor.predictionDrift,
    performance: monitor.performance,
    retrainOnFire: monitor.retrainOnFire,
    enabled: monitor.enabled,
  };
}

/** Reads a typed number; blank is undefined, so the schema applies its default or reports the field as missing. */
function typedNumber(value: string): number | undefined {
  return value.trim() === "" ? undefined : Number(value.trim());
}

/** Builds the input of createMonitorSchema from the form, unparsed: the schema reports what is wrong. */
export function monitorInput(values: MonitorFormValues): CreateMonitorInput {
  const reference =
    values.referenceType === "version"
      ? // Undefined when blank, which the schema reports as a missing version number.
        { type: "version" as const, version: typedNumber(values.referenceVersion) as number }
      : {
          type: "range" as const,
          from: fromDateTimeLocal(values.referenceFrom) ?? values.referenceFrom,
          to: fromDateTimeLocal(values.referenceTo) ?? values.referenceTo,
        };

  const overrides: CreateMonitorInput["overrides"] = {};
  for (const row of values.overrides) {
    const feature = row.feature.trim();
    if (feature === "") continue;
    overrides[feature] = {
      ...(row.method ? { method: row.method as StattestName } : {}),
      ...(row.threshold.trim() === "" ? {} : { threshold: Number(row.threshold.trim()) }),
    };
  }

  return {
    endpoint: values.endpoint,
    name: values.name,
    reference,
    window: values.window,
    cron: values.cron,
    timezone: values.timezone,
    driftShare: typedNumber(values.driftShare),
    overrides,
    predictionDrift: values.predictionDrift,
    performance: values.performance,
    retrainOnFire: values.retrainOnFire,
    enabled: values.enabled,
  };
}

/** Returns the changes for updateMonitor: every field of the form except the endpoint, which cannot change. */
export function monitorChanges(values: MonitorFormValues): UpdateMonitorInput {
  const { endpoint: _endpoint, ...changes } = monitorInput(values);
  return changes;
}

/**
 * Checks the form with createMonitorSchema, as the server will, plus what the overrides' object cannot
 * represent: a row without a feature name, and a feature listed twice. Row errors are keyed
 * `overrideRows.<index>.feature`.
 */
export function checkMonitorForm(values: MonitorFormValues): FormErrors {
  const errors: FormErrors = {};
  const add = (path: string, message: string) => (errors[path] ??= []).push(message);

  const parsed = createMonitorSchema.safeParse(monitorInput(values));
  if (!parsed.success) {
    for (const issue of fieldIssues(parsed.error)) add(issue.path, issue.message);
  }

  const seen = new Set<string>();
  values.overrides.forEach((row, index) => {
    const feature = row.feature.trim();
    if (feature === "" && (row.method !== "" || row.threshold.trim() !== "")) {
      add(`overrideRows.${index}.feature`, "must not be empty; enter the feature name or remove the row");
    }
    if (feature !== "" && seen.has(feature)) add(`overrideRows.${index}.feature`, "is listed twice; keep one row per feature");
    seen.add(feature);
  });
  return errors;
}

/** Picks the errors of one override row: its own, and the schema's or server's for its feature. */
export function overrideRowErrors(errors: FormErrors, row: OverrideRow, index: number): { feature: string[]; method: string[]; threshold: string[] } {
  const key = `overrides.${row.feature.trim()}`;
  return {
    feature: [...(errors[`overrideRows.${index}.feature`] ?? []), ...(errors[key] ?? [])],
    method: errors[`${key}.method`] ?? [],
    threshold: errors[`${key}.threshold`] ?? [],
  };
}
