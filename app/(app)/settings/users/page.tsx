import type { Metadata } from "next";
import { CreateUserContainer } from "@/components/forms/create-user-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { RequiresRole } from "@/components/requires-role";
import { UsersTable } from "@/components/settings/users-table";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { createUserAction, updateUserAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "admin")) return <RequiresRole role="admin" userRole={user.role} page="Users" />;

  const users = await listUsers(ctx);
  return (
    <>
      <PageHeader title="Users" subtitle="People who sign in to Keel, and what their role lets them do." />
      <div className="space-y-3">
        <Panel title="Create user" description="Passwords need at least 12 characters. Viewers read charts and the registry; engineers also register models and log data; approvers also approve promotions; admins also manage users and API keys.">
          <CreateUserContainer action={createUserAction} />
        </Panel>
        <Panel title="All users" description="A deactivated user can no longer sign in; their existing session ends on the next request.">
          <UsersTable users={users} currentUserId={user.id} action={updateUserAction} />
        </Panel>
      </div>
    </>
  );
}
