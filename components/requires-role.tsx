import { Notice } from "./notice";

/** Shown in place of a page whose data the signed-in user's role may not see. */
export function RequiresRole(props: { role: string; userRole: string; page: string }) {
  return (
    <div className="mx-auto max-w-xl py-10">
      <h1 className="mb-3 text-lg font-semibold text-zinc-100">{props.page}</h1>
      <Notice tone="error" title={`This page requires the ${props.role} role.`}>
        You are signed in with the {props.userRole} role. Ask an admin of this Keel instance to change your role under
        Settings → Users.
      </Notice>
    </div>
  );
}
