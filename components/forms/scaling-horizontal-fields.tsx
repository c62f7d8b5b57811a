"use client";

import { ADJUSTMENT_TYPES, PREDICTIVE_MODES, SCALING_METRICS, SELECT_POLICIES } from "@/lib/scaling/schema";
import { readPath, TreeInput, TreeRows, TreeSelect, type TreeBinding } from "./scaling-field";

function ReplicaBounds(props: { binding: TreeBinding; prefix?: (string | number)[] }) {
  const prefix = props.prefix ?? [];
  return (
    <>
      <TreeInput binding={props.binding} path={[...prefix, "minReplicas"]} label="Min replicas" numeric />
      <TreeInput binding={props.binding} path={[...prefix, "maxReplicas"]} label="Max replicas" numeric />
    </>
  );
}

function MetricFields(props: { binding: TreeBinding }) {
  const custom = readPath(props.binding.tree, ["metric"]) === "custom";
  return (
    <>
      <TreeSelect binding={props.binding} path={["metric"]} label="Metric" options={SCALING_METRICS} help="Per replica for rates and queues; utilization in percent." />
      {custom ? <TreeInput binding={props.binding} path={["customMetric"]} label="Custom metric name" help="The operational metric the serving side reports." /> : null}
    </>
  );
}

function BehaviorFields(props: { binding: TreeBinding; direction: "scaleUp" | "scaleDown" }) {
  const base = ["behavior", props.direction];
  const label = props.direction === "scaleUp" ? "Scale up" : "Scale down";
  const defaults = props.direction === "scaleUp" ? "0 s; Max of 4 Pods or 100% per 15 s" : "300 s; 100% per 15 s";
  return (
    <fieldset className="space-y-2 rounded border border-zinc-800 p-2">
      <legend className="px-1 text-xs text-zinc-400">
        {label} behavior (empty fields take Kubernetes&apos; defaults: {defaults})
      </legend>
      <div className="grid gap-2 md:grid-cols-2">
        <TreeInput binding={props.binding} path={[...base, "stabilizationWindowSeconds"]} label={`${label} stabilization window (s)`} numeric />
        <TreeSelect binding={props.binding} path={[...base, "selectPolicy"]} label={`${label} select policy`} options={SELECT_POLICIES} allowEmpty />
      </div>
      <TreeRows
        binding={props.binding}
        path={[...base, "policies"]}
        legend={`${label} rate policies`}
        newRow={{ type: "Pods", value: "4", periodSeconds: "60" }}
        renderRow={(rowPath, index) => (
          <>
            <TreeSelect binding={props.binding} path={[...rowPath, "type"]} label={`${label} policy ${index + 1} type`} options={["Pods", "Percent"]} />
            <TreeInput binding={props.binding} path={[...rowPath, "value"]} label={`${label} policy ${index + 1} value`} numeric />
            <TreeInput binding={props.binding} path={[...rowPath, "periodSeconds"]} label={`${label} policy ${index + 1} period (s)`} numeric />
          </>
        )}
      />
    </fieldset>
  );
}

/** Fields of a Kubernetes HPA target tracking policy, with its `behavior`. */
export function TargetTrackingFields(props: { binding: TreeBinding }) {
  return (
    <div className="space-y-3">
      <div className="grid gap-3 md:grid-cols-3">
        <MetricFields binding={props.binding} />
        <TreeInput binding={props.binding} path={["target"]} label="Target per replica" numeric help="In the metric's unit: requests per second, percent, ms or items." />
        <TreeInput binding={props.binding} path={["tolerance"]} label="Tolerance" numeric help="No scaling while metric / target is within 1 ± this; default 0.1." />
        <ReplicaBounds binding={props.binding} />
      </div>
      <BehaviorFields binding={props.binding} direction="scaleUp" />
      <BehaviorFields binding={props.binding} direction="scaleDown" />
    </div>
  );
}

/** Fields of a step scaling policy: metric ranges mapped to adjustments. */
export function StepFields(props: { binding: TreeBinding }) {
  return (
    <div className="space-y-3">
      <div className="grid gap-3 md:grid-cols-3">
        <MetricFields binding={props.binding} />
        <TreeSelect binding={props.binding} path={["adjustmentType"]} label="Adjustment type" options={ADJUSTMENT_TYPES} />
        <TreeInput binding={props.binding} path={["cooldownSeconds"]} label="Cooldown (s)" numeric />
        <ReplicaBounds binding={props.binding} />
      </div>
      <TreeRows
        binding={props.binding}
        path={["steps"]}
        legend="Steps"
        newRow={{ lower: "", upper: "", adjustment: "1" }}
        renderRow={(rowPath, index) => (
          <>
            <TreeInput binding={props.binding} path={[...rowPath, "lower"]} label={`Step ${index + 1} lower bound`} numeric help="Inclusive; empty for none." />
            <TreeInput binding={props.binding} path={[...rowPath, "upper"]} label={`Step ${index + 1} upper bound`} numeric help="Exclusive; empty for none." />
            <TreeInput binding={props.binding} path={[...rowPath, "adjustment"]} label={`Step ${index + 1} adjustment`} numeric />
          </>
        )}
      />
    </div>
  );
}

/** Fields of a scheduled policy: cron windows that set replica bounds, read in one time zone. */
export function ScheduledFields(props: { binding: TreeBinding }) {
  return (
    <div className="space-y-3">
      <div className="grid gap-3 md:grid-cols-3">
        <TreeInput binding={props.binding} path={["timezone"]} label="Time zone" help="IANA name, such as Europe/Paris; windows follow its daylight-saving changes." />
        <ReplicaBounds binding={props.binding} />
      </div>
      <TreeRows
        binding={props.binding}
        path={["windows"]}
        legend="Windows"
        newRow={{ name: "", start: "0 8 * * 1-5", end: "0 20 * * 1-5", minReplicas: "2", maxReplicas: "10" }}
        renderRow={(rowPath, index) => (
          <>
            <TreeInput binding={props.binding} path={[...rowPath, "name"]} label={`Window ${index + 1} name`} />
            <TreeInput binding={props.binding} path={[...rowPath, "start"]} label={`Window ${index + 1} start (cron)`} />
            <TreeInput binding={props.binding} path={[...rowPath, "end"]} label={`Window ${index + 1} end (cron)`} />
            <ReplicaBounds binding={props.binding} prefix={rowPath} />
          </>
        )}
      />
    </div>
  );
}

/** Fields of a predictive policy: a load forecast that sets a floor on replicas ahead of time. */
export function PredictiveFields(props: { binding: TreeBinding }) {
  return (
    <div className="grid gap-3 md:grid-cols-3">
      <TreeSelect binding={props.binding} path={["mode"]} label="Mode" options={PREDICTIVE_MODES} />
      <TreeSelect binding={props.binding} path={["metric"]} label="Metric" options={["requests_per_second_per_replica", "queue_depth_per_replica"]} />
      <TreeInput binding={props.binding} path={["target"]} label="Target per replica" numeric />
      <TreeInput binding={props.binding} path={["bufferSeconds"]} label="Buffer time (s)" numeric help="How far ahead of the forecast load replicas are added." />
      <TreeInput binding={props.binding} path={["horizonHours"]} label="Forecast horizon (h)" numeric />
      <ReplicaBounds binding={props.binding} />
    </div>
  );
}
