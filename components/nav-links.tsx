"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A count shown beside a link: `label` is read by screen readers, and `urgent` colours it red. */
export type NavBadge = { count: number; label: string; urgent: boolean };

export type NavLink = { href: string; label: string; badge?: NavBadge };

function isActive(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/" || pathname.startsWith("/endpoints");
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The main navigation; the current section is marked with aria-current. */
export function NavLinks(props: { links: NavLink[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {props.links.map((link) => {
          const active = isActive(pathname, link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`rounded px-2.5 py-1.5 ${active ? "bg-zinc-800 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100"}`}
              >
                {link.label}
                {link.badge ? (
                  <span
                    title={link.badge.label}
                    className={`ml-1.5 rounded-full px-1.5 py-px text-[11px] font-medium ${link.badge.urgent ? "bg-red-700 text-white" : "bg-zinc-700 text-zinc-200"}`}
                  >
                    <span aria-hidden>{link.badge.count}</span>
                    <span className="sr-only">({link.badge.label})</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
