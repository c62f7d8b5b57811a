import Link from "next/link";
import type { CandidateChoice } from "@/lib/shadow/candidates";

/** Links to the same view for each candidate version; the version lives in the URL. */
export function CandidateLinks(props: { endpoint: string; tab: "shadow" | "reviews"; choice: CandidateChoice }) {
  if (props.choice.candidates.length < 2) return null;
  const base = `/endpoints/${encodeURIComponent(props.endpoint)}/${props.tab}`;
  return (
    <nav aria-label="Candidate version" className="flex gap-1 text-xs">
      {props.choice.candidates.map((version) => (
        <Link
          key={version}
          href={`${base}?version=${version}`}
          aria-current={version === props.choice.selected ? "page" : undefined}
          className={`rounded border px-2 py-1 ${version === props.choice.selected ? "border-sky-600 text-zinc-100" : "border-zinc-700 text-zinc-400 hover:bg-zinc-800"}`}
        >
          v{version}
        </Link>
      ))}
    </nav>
  );
}
