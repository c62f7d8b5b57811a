import Link from "next/link";
import { roleAtLeast } from "@/lib/auth/access";
import type { Role } from "@/lib/context";
import { NavLinks, type NavLink } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** Renders the top bar of every signed-in page: navigation, the signed-in user and their role, and sign-out. */
export function NavHeader(props: { email: string; role: Role; openAlerts: { open: number; firing: number } }) {
  const { open, firing } = props.openAlerts;
  const alertsBadge = open > 0 ? { count: open, label: `${open} open, ${firing} firing`, urgent: firing > 0 } : undefined;
  const links: NavLink[] = [
    { href: "/", label: "Overview" },
    { href: "/models", label: "Models" },
    { href: "/experiments", label: "Experiments" },
    { href: "/alerts", label: "Alerts", badge: alertsBadge },
    { href: "/promotions", label: "Promotions" },
  ];
  if (roleAtLeast(props.role, "engineer")) links.push({ href: "/jobs", label: "Jobs" });
  if (roleAtLeast(props.role, "admin")) {
    links.push(
      { href: "/settings/users", label: "Users" },
      { href: "/settings/api-keys", label: "API keys" },
      { href: "/settings/webhooks", label: "Webhooks" },
    );
  }

  return (
    <header className="border-b border-zinc-800 bg-zinc-950/95">
      <div className="mx-auto flex max-w-[1600px] items-center gap-4 px-4 py-2">
        <Link href="/" className="font-semibold tracking-tight text-zinc-50">
          <span aria-hidden className="mr-1.5 text-sky-400">⚓</span>Keel
        </Link>
        <NavLinks links={links} />
        <div className="ml-auto flex items-center gap-3">
          <span className="text-zinc-300">
            <span className="sr-only">Signed in as </span>
            {props.email}
          </span>
          <span className="rounded bg-zinc-800 px-1.5 py-0.5 text-[11px] uppercase tracking-wide text-zinc-300">
            <span className="sr-only">Role: </span>
            {props.role}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
