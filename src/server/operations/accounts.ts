// Guarded operations on accounts: the admin's user controls and the signed-in person's own credentials.
import { z } from "zod";
import { getAuth } from "@/auth/auth";
import { changeEmail, changePassword, requestPasswordReset, updateName } from "@/auth/credentials";
import {
  changeEmailSchema,
  changePasswordSchema,
  updateNameSchema,
} from "@/features/accounts/credentials-schema";
import { deleteUser, deleteUserSchema } from "@/features/accounts/delete-user";
import { getAdminOverview } from "@/features/accounts/get-admin-overview";
import { listUsers, listUsersSchema } from "@/features/accounts/list-users";
import { sendPasswordReset, sendPasswordResetSchema } from "@/features/accounts/send-password-reset";
import { setAdminRole, setAdminRoleSchema } from "@/features/accounts/set-admin-role";
import { setSalesAccess, setSalesAccessSchema } from "@/features/accounts/set-sales-access";
import { setUserActive, setUserActiveSchema } from "@/features/accounts/set-user-active";
import { getStripe } from "@/features/billing/stripe-client";
import { defineOperation } from "./define-operation";

const noInput = z.unknown();

export const setAdminRoleOperation = defineOperation({
  name: "set admin role",
  access: "admin",
  input: setAdminRoleSchema,
  run: ({ db, actor }, input) => setAdminRole(db, actor, input),
});

export const setSalesAccessOperation = defineOperation({
  name: "set sales access",
  access: "admin",
  input: setSalesAccessSchema,
  run: ({ db, actor }, input) => setSalesAccess(db, actor, input),
});

export const setUserActiveOperation = defineOperation({
  name: "set user active",
  access: "admin",
  input: setUserActiveSchema,
  run: ({ db, actor }, input) => setUserActive(db, actor, input),
});

export const sendPasswordResetOperation = defineOperation({
  name: "send password reset",
  access: "admin",
  input: sendPasswordResetSchema,
  run: async ({ db, actor }, input) => {
    const auth = await getAuth();
    return sendPasswordReset(db, actor, input, (email) => requestPasswordReset(auth, { email }));
  },
});

export const deleteUserOperation = defineOperation({
  name: "delete user",
  access: "admin",
  input: deleteUserSchema,
  run: ({ db, actor }, input) => deleteUser(db, getStripe(), actor, input),
});

export const listUsersOperation = defineOperation({
  name: "list users",
  access: "admin",
  input: listUsersSchema,
  run: ({ db, actor }, input) => listUsers(db, actor, input),
});

export const adminOverviewOperation = defineOperation({
  name: "admin overview",
  access: "admin",
  input: noInput,
  run: ({ db, actor }) => getAdminOverview(db, actor),
});

export const changePasswordOperation = defineOperation({
  name: "change password",
  access: "signed-in",
  input: changePasswordSchema,
  run: async ({ headers }, input) => changePassword(await getAuth(), input, headers),
});

export const updateNameOperation = defineOperation({
  name: "update name",
  access: "signed-in",
  input: updateNameSchema,
  run: async ({ headers }, input) => updateName(await getAuth(), input, headers),
});

export const changeEmailOperation = defineOperation({
  name: "change email",
  access: "signed-in",
  input: changeEmailSchema,
  run: async ({ headers }, input) => changeEmail(await getAuth(), input, headers),
});
