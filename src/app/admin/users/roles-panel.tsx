"use client";

import type { UserRow } from "@/features/accounts/list-users";
import { setAdminRoleAction, setBillingExemptionAction, setSalesAccessAction } from "./actions";
import { ExemptionToggle } from "./exemption-toggle";
import { PermissionToggle } from "./permission-toggle";

export function RolesPanel({ user }: { user: UserRow }) {
  return (
    <fieldset className="divide-y divide-slate-100">
      <legend className="sr-only">Roles and permissions for {user.name}</legend>
      <PermissionToggle
        label="Admin"
        description="Full access to the Admin Console and the Sales Console."
        checked={user.role === "admin"}
        onChange={(admin) => setAdminRoleAction({ userId: user.id, admin })}
      />
      <PermissionToggle
        label="Sales account"
        description="Works leads in the Sales Console."
        checked={user.isSales}
        onChange={(isSales) => setSalesAccessAction({ userId: user.id, isSales })}
      />
      <ExemptionToggle
        userId={user.id}
        exempt={user.billingExempt}
        reason={user.billingExemptReason}
        onChange={setBillingExemptionAction}
      />
    </fieldset>
  );
}
