"use client";

import { useActionState } from "react";
import { Button } from "@/ui/button";
import { Field, FormMessage } from "@/ui/field";
import { emptyForm } from "@/ui/form-state";
import type { FormAction } from "./action-types";

/** A team's name is all it needs; the action opens the new team's page, where seats are bought. */
export function CreateTeamForm({ action }: { action: FormAction }) {
  const [state, submit, pending] = useActionState(action, emptyForm);
  return (
    <form action={submit} noValidate className="max-w-md space-y-3">
      <FormMessage>{state.message}</FormMessage>
      <Field
        label="Team name"
        name="name"
        autoComplete="organization"
        maxLength={100}
        defaultValue={state.values.name}
        error={state.fields?.name}
        hint="You become its owner. Seats are bought on the team's page."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create team"}
      </Button>
    </form>
  );
}
