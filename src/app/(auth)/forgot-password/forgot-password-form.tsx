"use client";

import { useActionState } from "react";
import { Button } from "@/ui/button";
import { Field, FormMessage } from "@/ui/field";
import { emptyForm } from "@/ui/form-state";
import { requestResetAction } from "../actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState(requestResetAction, emptyForm);
  return (
    <form action={action} noValidate className="space-y-4">
      <FormMessage>{state.message}</FormMessage>
      <FormMessage tone="success">{state.success}</FormMessage>
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.values.email}
        error={state.fields?.email}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
