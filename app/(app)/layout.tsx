import type { ReactNode } from "react";
import { NavHeader } from "@/components/nav-header";
import { requirePageUser } from "@/lib/auth/session";

// Every page in this group needs a signed-in, active user; pages that need a higher role check it again.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePageUser();

  return (
    <>
      <NavHeader email={user.email} role={user.role} />
      <main className="mx-auto max-w-[1600px] px-4 py-5">{children}</main>
    </>
  );
}
