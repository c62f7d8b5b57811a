import Link from "next/link";
import { EmptyState } from "@/components/empty-state";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-10">
      <h1 className="mb-3 text-lg font-semibold text-zinc-100">Not found</h1>
      <EmptyState title="Keel has no page at this address">
        <p>
          The endpoint or model may have been renamed, or the link may be mistyped. Find it from the{" "}
          <Link href="/" className="text-sky-300 hover:underline">
            overview
          </Link>{" "}
          or the{" "}
          <Link href="/models" className="text-sky-300 hover:underline">
            model registry
          </Link>
          .
        </p>
      </EmptyState>
    </div>
  );
}
