import type { ReactNode } from "react";
import { NavHeader } from "@/components/nav-header";
import { countOpenAlerts } from "@/lib/alerts";
import { requirePageUser } from "@/lib/auth/session";

// Every page in this group needs a signed-in, active user; pages that need a higher role check it again.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { user, ctx } = await requirePageUser();
  const openAlerts = await countOpenAlerts(ctx);

  return (
    <>
      <NavHeader email={user.email} role={user.role} openAlerts={openAlerts} />
      <main className="mx-auto max-w-[1600px] px-4 py-5">{children}</main>
    </>
  );
}
