import Link from "next/link";

const TABS = [
  { key: "charts", label: "Charts", path: "" },
  { key: "drift", label: "Drift", path: "/drift" },
  { key: "shadow", label: "Shadow & canary", path: "/shadow" },
  { key: "reviews", label: "Reviews", path: "/reviews" },
] as const;

/** Links between the views of one endpoint; `current` is marked as the page the user is on. */
export function EndpointTabs(props: { endpoint: string; current: (typeof TABS)[number]["key"] }) {
  const base = `/endpoints/${encodeURIComponent(props.endpoint)}`;
  return (
    <nav aria-label="Endpoint views" className="mb-3 flex gap-1 border-b border-zinc-800">
      {TABS.map((tab) => {
        const active = tab.key === props.current;
        return (
          <Link
            key={tab.key}
            href={`${base}${tab.path}`}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${active ? "border-sky-500 text-zinc-100" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
