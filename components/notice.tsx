import type { ReactNode } from "react";

const tones = {
  error: "border-red-900 bg-red-950/50 text-red-200",
  info: "border-sky-900 bg-sky-950/40 text-sky-200",
  success: "border-emerald-900 bg-emerald-950/40 text-emerald-200",
};

/** Renders a message box. Screen readers announce errors as alerts. */
export function Notice(props: { tone: keyof typeof tones; title?: string; children: ReactNode }) {
  return (
    <div role={props.tone === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 ${tones[props.tone]}`}>
      {props.title ? <p className="font-medium">{props.title}</p> : null}
      <div className={props.title ? "mt-1" : ""}>{props.children}</div>
    </div>
  );
}
