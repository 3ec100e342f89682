// The guarded operations behind this feature's server actions. Each checks the session and permission
// (guarded) and the feature function checks the permission again; RLS checks it a third time.
import { getAuth } from "@/auth/auth";
import { guarded } from "@/auth/guards";
import { getStripe } from "@/features/billing/stripe-client";
import { changeEmail } from "./change-email";
import { changePassword } from "./change-password";
import { changeEmailSchema, changePasswordSchema, updateNameSchema } from "./credentials-schema";
import { deleteUser, deleteUserSchema } from "./delete-user";
import { sendPasswordReset, sendPasswordResetSchema } from "./send-password-reset";
import { setAdminRole, setAdminRoleSchema } from "./set-admin-role";
import { setSalesAccess, setSalesAccessSchema } from "./set-sales-access";
import { setUserActive, setUserActiveSchema } from "./set-user-active";
import { updateName } from "./update-name";

export const setAdminRoleOperation = guarded("admin", setAdminRoleSchema, ({ db, actor }, input) =>
  setAdminRole(db, actor, input),
);

export const setSalesAccessOperation = guarded("admin", setSalesAccessSchema, ({ db, actor }, input) =>
  setSalesAccess(db, actor, input),
);

export const changePasswordOperation = guarded(
  "signed-in",
  changePasswordSchema,
  async ({ headers }, input) => changePassword(await getAuth(), input, headers),
);

export const updateNameOperation = guarded("signed-in", updateNameSchema, async ({ headers }, input) =>
  updateName(await getAuth(), input.name, headers),
);

export const changeEmailOperation = guarded("signed-in", changeEmailSchema, async ({ headers }, input) =>
  changeEmail(await getAuth(), input.email, headers),
);

export const setUserActiveOperation = guarded("admin", setUserActiveSchema, ({ db, actor }, input) =>
  setUserActive(db, actor, input),
);

export const sendPasswordResetOperation = guarded(
  "admin",
  sendPasswordResetSchema,
  async ({ db, actor }, input) => sendPasswordReset(db, await getAuth(), actor, input),
);

export const deleteUserOperation = guarded("admin", deleteUserSchema, ({ db, actor }, input) =>
  deleteUser(db, getStripe(), actor, input),
);
