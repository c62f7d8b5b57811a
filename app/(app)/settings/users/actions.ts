"use server";

import { revalidatePath } from "next/cache";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import { createUser, createUserSchema, updateUser, updateUserSchema, type UserSummary } from "@/lib/auth/users";
import { runAction } from "../run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and parses its input with
// the same schema the domain function documents, whatever the form in the browser sent.

export async function createUserAction(input: unknown) {
  return runAction<UserSummary>("user.create", async () => {
    const ctx = await requireActionUser("admin");
    const user = await createUser(ctx, parseInput(createUserSchema, input, "Form"));
    revalidatePath("/settings/users");
    return user;
  });
}

export async function updateUserAction(input: unknown) {
  return runAction<UserSummary>("user.update", async () => {
    const ctx = await requireActionUser("admin");
    const user = await updateUser(ctx, parseInput(updateUserSchema, input, "Form"));
    revalidatePath("/settings/users");
    return user;
  });
}
