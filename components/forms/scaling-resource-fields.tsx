"use client";

import { readPath, TreeCheckbox, TreeInput, type TreeBinding } from "./scaling-field";

/** Fields of a vertical policy: CPU, memory and GPUs requested per replica. */
export function VerticalFields(props: { binding: TreeBinding }) {
  return (
    <div className="grid gap-3 md:grid-cols-3">
      <TreeInput binding={props.binding} path={["requests", "cpuMillicores"]} label="CPU per replica (millicores)" numeric />
      <TreeInput binding={props.binding} path={["requests", "memoryMiB"]} label="Memory per replica (MiB)" numeric />
      <TreeInput binding={props.binding} path={["requests", "gpus"]} label="GPUs per replica" numeric />
    </div>
  );
}

/** Fields of a caching policy: the prediction cache and the model or dataset cache, each optional. */
export function CachingFields(props: { binding: TreeBinding }) {
  const { binding } = props;
  const hasPredictionCache = readPath(binding.tree, ["predictionCache"]) !== undefined;
  const hasModelCache = readPath(binding.tree, ["modelCache"]) !== undefined;
  return (
    <div className="space-y-3">
      <fieldset className="space-y-2 rounded border border-zinc-800 p-2">
        <legend className="px-1 text-xs text-zinc-400">Prediction cache</legend>
        {hasPredictionCache ? (
          <div className="grid gap-3 md:grid-cols-3">
            <TreeCheckbox binding={binding} path={["predictionCache", "enabled"]} label="Enabled" />
            <TreeInput binding={binding} path={["predictionCache", "ttlSeconds"]} label="Time to live (s)" numeric />
            <TreeInput binding={binding} path={["predictionCache", "maxEntries"]} label="Max entries" numeric />
            <TreeInput binding={binding} path={["predictionCache", "keyFeatures"]} label="Key features" help="Comma-separated feature names that form the cache key." />
          </div>
        ) : (
          <button type="button" onClick={() => binding.set(["predictionCache"], { enabled: true, ttlSeconds: "300", maxEntries: "10000", keyFeatures: "" })} className="rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-300">
            Add a prediction cache
          </button>
        )}
      </fieldset>
      <fieldset className="space-y-2 rounded border border-zinc-800 p-2">
        <legend className="px-1 text-xs text-zinc-400">Model and dataset cache</legend>
        {hasModelCache ? (
          <div className="grid gap-3 md:grid-cols-3">
            <TreeCheckbox binding={binding} path={["modelCache", "preloadOnStart"]} label="Preload on start" />
            <TreeInput binding={binding} path={["modelCache", "warmPoolSize"]} label="Warm pool size" numeric />
            <TreeInput binding={binding} path={["modelCache", "snapshotCron"]} label="Snapshot schedule (cron)" help="Empty for no snapshots." />
            <TreeInput binding={binding} path={["modelCache", "timezone"]} label="Snapshot time zone" />
          </div>
        ) : (
          <button type="button" onClick={() => binding.set(["modelCache"], { preloadOnStart: true, warmPoolSize: "0", snapshotCron: "", timezone: "UTC" })} className="rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-300">
            Add a model cache
          </button>
        )}
      </fieldset>
    </div>
  );
}
