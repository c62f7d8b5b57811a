"use client";

import { useState } from "react";

/** Renders a block of copyable text, such as a shell command or an API key. */
export function CodeBlock(props: { code: string; label: string }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(props.code);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }

  return (
    <div className="relative">
      <pre
        aria-label={props.label}
        className="overflow-x-auto rounded border border-zinc-800 bg-zinc-950 p-3 pr-20 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-emerald-300"
      >
        {props.code}
      </pre>
      <button
        type="button"
        onClick={copy}
        className="absolute top-2 right-2 rounded border border-zinc-700 bg-zinc-800 px-2 py-0.5 text-xs text-zinc-200 hover:bg-zinc-700"
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
