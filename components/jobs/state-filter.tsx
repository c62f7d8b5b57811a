import Link from "next/link";
import { jobStates } from "@/lib/db/schema/jobs";
import type { JobState } from "@/lib/jobs/format";

/** Links that filter the jobs page by state; the choice lives in the URL (`?state=failed`). */
export function JobStateFilter(props: { current: JobState | undefined }) {
  const options: { label: string; href: string; state: JobState | undefined }[] = [
    { label: "All", href: "/jobs", state: undefined },
    ...jobStates.map((state) => ({ label: state, href: `/jobs?state=${state}`, state })),
  ];

  return (
    <nav aria-label="Filter jobs by state">
      <ul className="flex flex-wrap gap-1 text-xs">
        {options.map((option) => {
          const active = option.state === props.current;
          return (
            <li key={option.label}>
              <Link
                href={option.href}
                aria-current={active ? "page" : undefined}
                className={`rounded px-2 py-0.5 ${active ? "bg-zinc-700 text-zinc-50" : "text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100"}`}
              >
                {option.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
