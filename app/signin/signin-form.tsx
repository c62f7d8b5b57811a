"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Notice } from "@/components/notice";

type DemoAccount = { email: string; password: string; role: string };

const inputClass =
  "mt-1 w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-zinc-100 outline-none focus:border-sky-500";

/** Email and password sign-in through next-auth's credentials provider. */
export function SignInForm(props: { demoAccounts: DemoAccount[] }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);

    const result = await signIn("credentials", { redirect: false, email, password }).catch(() => null);
    if (result?.ok && !result.error) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    if (result?.status === 429) setError("Too many sign-in attempts. Wait a few minutes, then try again.");
    else setError(result ? "Invalid email or password." : "Sign-in failed: Keel did not respond. Try again.");
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="space-y-3 rounded-md border border-zinc-800 bg-zinc-900/70 p-5" noValidate>
        <h1 className="text-lg font-semibold text-zinc-100">Sign in</h1>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <label className="block text-zinc-300">
          Email
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            className={inputClass}
          />
        </label>
        <label className="block text-zinc-300">
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            className={inputClass}
          />
        </label>
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-60"
        >
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>

      {props.demoAccounts.length > 0 ? (
        <section aria-labelledby="demo-accounts" className="rounded-md border border-zinc-800 bg-zinc-900/40 p-4">
          <h2 id="demo-accounts" className="text-xs font-semibold uppercase tracking-wide text-zinc-400">
            Demo accounts
          </h2>
          <p className="mt-1 text-xs text-zinc-500">This instance runs in demo mode. Sign in with one of these accounts.</p>
          <ul className="mt-2 space-y-1.5">
            {props.demoAccounts.map((account) => (
              <li key={account.email} className="flex items-center justify-between gap-2 text-xs">
                <span className="font-mono text-zinc-300">
                  {account.email} / {account.password}
                  <span className="ml-1.5 text-zinc-500">({account.role})</span>
                </span>
                <button
                  type="button"
                  onClick={() => {
                    setEmail(account.email);
                    setPassword(account.password);
                  }}
                  className="rounded border border-zinc-700 px-2 py-0.5 text-zinc-300 hover:bg-zinc-800"
                >
                  Use {account.role}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
