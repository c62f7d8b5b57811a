"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { UserSummary } from "@/lib/auth/users";
import { roles, type Role } from "@/lib/context";
import { formatDateTime } from "@/lib/dashboard/format";
import type { FormAction } from "../forms/action-result";
import { Notice } from "../notice";

export type UpdateUserValues = { userId: number; role?: Role; active?: boolean };

const cell = "px-2 py-1.5";

/** Users with their role and status; admins change a role or (de)activate a user in place. */
export function UsersTable(props: { users: UserSummary[]; currentUserId: number; action: FormAction<UpdateUserValues, UserSummary> }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (result.ok) router.refresh();
    },
  });
  const failure = mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message;
  const busyId = mutation.isPending ? mutation.variables?.userId : undefined;

  return (
    <div className="space-y-2">
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <table className="w-full text-xs">
        <caption className="sr-only">Users of this Keel instance</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Email</th>
            <th scope="col" className={`${cell} font-medium`}>Name</th>
            <th scope="col" className={`${cell} font-medium`}>Role</th>
            <th scope="col" className={`${cell} font-medium`}>Status</th>
            <th scope="col" className={`${cell} font-medium`}>Created</th>
            <th scope="col" className={`${cell} font-medium`}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr key={user.id} className={`border-b border-zinc-800/60 last:border-0 ${user.active ? "" : "text-zinc-500"}`}>
              <th scope="row" className={`${cell} text-left font-medium text-zinc-200`}>
                {user.email}
                {user.id === props.currentUserId ? <span className="ml-1.5 text-zinc-500">(you)</span> : null}
              </th>
              <td className={cell}>{user.name}</td>
              <td className={cell}>
                <select
                  aria-label={`Role of ${user.email}`}
                  value={user.role}
                  disabled={busyId === user.id}
                  onChange={(event) => mutation.mutate({ userId: user.id, role: event.target.value as Role })}
                  className="rounded border border-zinc-700 bg-zinc-950 px-1.5 py-0.5 text-zinc-100"
                >
                  {roles.map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </select>
              </td>
              <td className={cell}>{user.active ? "Active" : "Deactivated"}</td>
              <td className={`${cell} whitespace-nowrap`}>{formatDateTime(user.createdAt)}</td>
              <td className={`${cell} text-right`}>
                <button
                  type="button"
                  disabled={busyId === user.id}
                  onClick={() => mutation.mutate({ userId: user.id, active: !user.active })}
                  aria-label={`${user.active ? "Deactivate" : "Reactivate"} ${user.email}`}
                  className="rounded border border-zinc-700 px-2 py-0.5 text-zinc-200 hover:bg-zinc-800 disabled:opacity-50"
                >
                  {user.active ? "Deactivate" : "Reactivate"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
