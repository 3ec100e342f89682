"use client";

import { useActionState } from "react";
import { Button } from "@/ui/button";
import { Field, FormMessage } from "@/ui/field";
import { emptyForm, type FormState } from "@/ui/form-state";
import { changeEmailAction, changePasswordAction, updateNameAction } from "./actions";

function Messages({ state }: { state: FormState }) {
  return (
    <>
      <FormMessage>{state.message}</FormMessage>
      <FormMessage tone="success">{state.success}</FormMessage>
    </>
  );
}

export function NameForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(updateNameAction, { values: { name } });
  return (
    <form action={action} noValidate className="space-y-3">
      <Messages state={state} />
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={state.values.name}
        error={state.fields?.name}
      />
      <Button type="submit" disabled={pending}>
        Save name
      </Button>
    </form>
  );
}

export function EmailForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState(changeEmailAction, { values: { email } });
  return (
    <form action={action} noValidate className="space-y-3">
      <Messages state={state} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.values.email}
        error={state.fields?.email}
      />
      <Button type="submit" disabled={pending}>
        Change email
      </Button>
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, emptyForm);
  return (
    <form action={action} noValidate className="space-y-3">
      <Messages state={state} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={state.fields?.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={state.fields?.newPassword}
      />
      <Button type="submit" disabled={pending}>
        Change password
      </Button>
    </form>
  );
}
