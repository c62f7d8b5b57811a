import { formatDateTime } from "@/lib/dashboard/format";
import { predictionCurl } from "@/lib/dashboard/snippets";
import { CodeBlock } from "../code-block";
import { EmptyState } from "../empty-state";

/** Renders what the endpoint page shows in place of charts when the range contains no predictions. */
export function NoPredictions(props: {
  endpoint: string;
  modelVersion: number;
  everLogged: boolean;
  publicUrl: string;
  from: number;
  to: number;
  now: Date;
}) {
  if (props.everLogged) {
    return (
      <EmptyState title="No predictions in this range">
        <p>
          {props.endpoint} logged no predictions between {formatDateTime(props.from)} and {formatDateTime(props.to)}
          {" "}for the selected versions. Choose a longer range or all versions.
        </p>
      </EmptyState>
    );
  }

  return (
    <EmptyState title="No predictions logged yet">
      <p>
        Send predictions from your serving code to start the charts. This call logs one prediction; use an API key with
        the ingest scope in place of <code className="text-zinc-300">keel_...</code>.
      </p>
      <CodeBlock label="Command that logs a first prediction" code={predictionCurl(props.publicUrl, props.endpoint, props.modelVersion, props.now)} />
    </EmptyState>
  );
}
