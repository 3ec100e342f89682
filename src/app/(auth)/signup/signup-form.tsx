"use client";

import { useActionState } from "react";
import { Button } from "@/ui/button";
import { Field, FormMessage } from "@/ui/field";
import { emptyForm } from "@/ui/form-state";
import { signUpAction } from "../actions";

export function SignupForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signUpAction, emptyForm);
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
