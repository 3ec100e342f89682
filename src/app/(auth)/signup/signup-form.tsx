"use client";

import { useActionState } from "react";
import { Button } from "@/ui/button";
import { Field, FormMessage } from "@/ui/field";
import { emptyForm } from "@/ui/form-state";
import { signUpAction } from "../actions";

export function SignupForm({ next, demoMode }: { next: string; demoMode: boolean }) {
  const [state, action, pending] = useActionState(signUpAction, emptyForm);
  if (state.success) {
    return (
      <div className="space-y-3" data-testid="signup-sent">
        <FormMessage tone="success">{state.success}</FormMessage>
        {demoMode ? (
          <p className="text-sm text-slate-600">
            Demo mode keeps mail in the outbox instead of sending it: sign in as admin@frontdesk.test and open
            Outbox in the Admin Console to find the link.
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form action={action} noValidate className="space-y-4">
      <input type="hidden" name="next" value={next} />
      <FormMessage>{state.message}</FormMessage>
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={state.values.name}
        error={state.fields?.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.values.email}
        error={state.fields?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={state.fields?.password}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Start free trial"}
      </Button>
    </form>
  );
}
