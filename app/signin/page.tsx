import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { DEMO_ACCOUNTS } from "@/lib/server/start";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await currentUser()) redirect("/");

  const demoAccounts = config().demo
    ? DEMO_ACCOUNTS.map((account) => ({ email: account.email, password: account.password, role: account.role }))
    : [];

  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight text-zinc-50">
          <span aria-hidden className="mr-2 text-sky-400">⚓</span>Keel
        </p>
        <SignInForm demoAccounts={demoAccounts} />
      </div>
    </main>
  );
}
