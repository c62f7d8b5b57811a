import { fieldIssues } from "../api/problems";
import type { PolicyKind } from "../scaling/schema";
import { createScalingPolicySchema, type CreateScalingPolicyInput, type ScalingPolicySpec } from "./schemas";

// The policy forms keep numbers as typed text in a tree shaped like the policy. These functions turn the
// tree into the input of createScalingPolicySchema, the schema the server parses with, and key each error
// by its path (`policy.steps.1.lower`) so that the form shows it beside the field.

/** A policy as the form edits it: the policy's fields, with numbers as strings and lists as arrays of trees. */
export type FormTree = { [key: string]: string | boolean | FormTree | FormTree[] | undefined };

export type ScalingPolicyFormValues = { name: string; active: boolean; policy: FormTree };

/** Errors by field path, such as `policy.target` or `policy.windows.0.start`. */
export type FormErrors = Record<string, string[]>;

// Fields whose text is a number in the schema. A field left empty is omitted, so the schema's default applies.
const NUMERIC_FIELDS = new Set([
  "target",
  "minReplicas",
  "maxReplicas",
  "tolerance",
  "stabilizationWindowSeconds",
  "value",
  "periodSeconds",
  "lower",
  "upper",
  "adjustment",
  "cooldownSeconds",
  "bufferSeconds",
  "horizonHours",
  "cpuMillicores",
  "memoryMiB",
  "gpus",
  "ttlSeconds",
  "maxEntries",
  "warmPoolSize",
]);

// Text fields where an empty value means "not set".
const OPTIONAL_TEXT_FIELDS = new Set(["customMetric", "snapshotCron", "selectPolicy"]);

function convertField(key: string, value: FormTree[string]): unknown {
  if (Array.isArray(value)) return value.map(toInputTree);
  if (typeof value === "object" && value !== undefined) return toInputTree(value);
  if (typeof value !== "string") return value;

  const text = value.trim();
  if (key === "keyFeatures") return text === "" ? [] : text.split(",").map((feature) => feature.trim());
  if (text === "" && (NUMERIC_FIELDS.has(key) || OPTIONAL_TEXT_FIELDS.has(key))) return undefined;
  // Text that is not a number stays text, so that the schema reports "must be a number" on the field.
  if (NUMERIC_FIELDS.has(key) && Number.isFinite(Number(text))) return Number(text);
  return value;
}

function toInputTree(tree: FormTree): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    const converted = convertField(key, value);
    if (converted !== undefined) result[key] = converted;
  }
  return result;
}

/** Returns the input of createScalingPolicySchema for the form's values. */
export function scalingPolicyInput(values: ScalingPolicyFormValues): CreateScalingPolicyInput {
  return { name: values.name.trim(), active: values.active, policy: toInputTree(values.policy) as CreateScalingPolicyInput["policy"] };
}

/** Checks the form with createScalingPolicySchema and returns its errors by path; empty when valid. */
export function checkScalingPolicyForm(values: ScalingPolicyFormValues): FormErrors {
  const parsed = createScalingPolicySchema.safeParse(scalingPolicyInput(values));
  if (parsed.success) return {};

  const errors: FormErrors = {};
  for (const issue of fieldIssues(parsed.error)) (errors[issue.path] ??= []).push(issue.message);
  return errors;
}

function toFormTree(value: Record<string, unknown>): FormTree {
  const tree: FormTree = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === "keyFeatures" && Array.isArray(field)) tree[key] = field.join(", ");
    else if (Array.isArray(field)) tree[key] = field.map((item) => toFormTree(item as Record<string, unknown>));
    else if (typeof field === "number") tree[key] = String(field);
    else if (typeof field === "object" && field !== null) tree[key] = toFormTree(field as Record<string, unknown>);
    else if (typeof field === "string" || typeof field === "boolean") tree[key] = field;
  }
  return tree;
}

/** Returns the form values of a saved policy. */
export function scalingPolicyFormValues(saved: { name: string; active: boolean; spec: ScalingPolicySpec }): ScalingPolicyFormValues {
  return { name: saved.name, active: saved.active, policy: toFormTree(saved.spec as unknown as Record<string, unknown>) };
}

/** Starting values of a new policy of each kind, valid as they stand. */
export const NEW_POLICY_TREES: Record<PolicyKind, FormTree> = {
  target_tracking: { kind: "target_tracking", metric: "requests_per_second_per_replica", target: "0.3", minReplicas: "2", maxReplicas: "10", tolerance: "0.1" },
  step: {
    kind: "step",
    metric: "cpu_percent",
    adjustmentType: "change_in_capacity",
    cooldownSeconds: "300",
    minReplicas: "1",
    maxReplicas: "10",
    steps: [
      { lower: "", upper: "40", adjustment: "-1" },
      { lower: "40", upper: "70", adjustment: "0" },
      { lower: "70", upper: "", adjustment: "2" },
    ],
  },
  scheduled: {
    kind: "scheduled",
    timezone: "UTC",
    minReplicas: "1",
    maxReplicas: "10",
    windows: [{ name: "business-hours", start: "0 8 * * 1-5", end: "0 20 * * 1-5", minReplicas: "4", maxReplicas: "10" }],
  },
  predictive: {
    kind: "predictive",
    mode: "forecast_and_scale",
    metric: "requests_per_second_per_replica",
    target: "0.3",
    bufferSeconds: "300",
    horizonHours: "24",
    minReplicas: "1",
    maxReplicas: "10",
  },
  vertical: { kind: "vertical", requests: { cpuMillicores: "500", memoryMiB: "1024", gpus: "0" } },
  caching: {
    kind: "caching",
    predictionCache: { enabled: true, ttlSeconds: "300", maxEntries: "10000", keyFeatures: "origin, destination, dep_hour" },
    modelCache: { preloadOnStart: true, warmPoolSize: "0", snapshotCron: "", timezone: "UTC" },
  },
};

/** Returns a copy of `tree` with the value at `path` replaced. */
export function setInTree(tree: FormTree, path: (string | number)[], value: FormTree[string]): FormTree {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...tree, [head]: value };

  const child = tree[head as string];
  if (Array.isArray(child)) {
    const index = rest[0] as number;
    const items = [...child];
    items[index] = rest.length === 1 ? (value as FormTree) : setInTree(items[index], rest.slice(1), value);
    return { ...tree, [head]: items };
  }
  return { ...tree, [head]: setInTree((child as FormTree | undefined) ?? {}, rest, value) };
}
