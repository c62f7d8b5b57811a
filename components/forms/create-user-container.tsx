"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UserSummary } from "@/lib/auth/users";
import { Notice } from "../notice";
import type { FormAction } from "./action-result";
import { CreateUserForm, type CreateUserValues } from "./create-user-form";

const EMPTY: CreateUserValues = { email: "", name: "", password: "", role: "viewer" };

/** Creates a user through the server action and refreshes the list; a new form replaces a submitted one. */
export function CreateUserContainer(props: { action: FormAction<CreateUserValues, UserSummary> }) {
  const router = useRouter();
  const [formKey, setFormKey] = useState(0);
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (!result.ok) return;
      setFormKey((key) => key + 1);
      router.refresh();
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <div className="space-y-3">
      {mutation.data?.ok ? (
        <Notice tone="success">
          Created {mutation.data.data.email} with the {mutation.data.data.role} role.
        </Notice>
      ) : null}
      <CreateUserForm
        key={formKey}
        defaultValues={EMPTY}
        onSubmit={(values) => mutation.mutate(values)}
        pending={mutation.isPending}
        formError={failed?.message ?? mutation.error?.message}
        fieldErrors={failed?.fieldErrors}
      />
    </div>
  );
}
