"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import {
  DEMO_HONEYPOT_FIELD,
  DEMO_TOKEN_FIELD,
  type DemoOrigin,
  demoOriginSchema,
  demoRequestSchema,
} from "@/features/leads/demo-request-schema";
import {
  COMPANY_SIZES,
  DECISION_TIMELINE_LABELS,
  DECISION_TIMELINES,
  INTERESTS,
  PREFERRED_CONTACT_LABELS,
  PREFERRED_CONTACTS,
} from "@/features/leads/options";
import { Button } from "@/ui/button";
import { CheckboxGroup, Field, FormMessage, RadioGroup, SelectField, TextareaField } from "@/ui/field";
import { type DemoFormState, submitDemoAction } from "./actions";

const initial: DemoFormState = { values: { preferredContact: "either" }, interests: [] };

const sizeOptions = COMPANY_SIZES.map((size) => [size, `${size} people`] as const);
const timelineOptions = DECISION_TIMELINES.map((t) => [t, DECISION_TIMELINE_LABELS[t]] as const);
const contactOptions = PREFERRED_CONTACTS.map((c) => [c, PREFERRED_CONTACT_LABELS[c]] as const);
const interestOptions = INTERESTS.map((i) => [i, i] as const);
const originFields = demoOriginSchema.keyof().options;

/** The same schema as the server, read from the form as the server will read it. */
function checkInBrowser(form: HTMLFormElement): Record<string, string> | null {
  const data = new FormData(form);
  const checked = demoRequestSchema.safeParse({
    ...Object.fromEntries(data),
    interests: data.getAll("interests"),
  });
  if (checked.success) return null;
  const fields: Record<string, string> = {};
  for (const issue of checked.error.issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
  return fields;
}

const focusFirstInvalid = (form: HTMLFormElement | null) =>
  requestAnimationFrame(() => form?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());

/**
 * The demo request form, in the FormState pattern of the other forms: the server action validates with the
 * shared schema and answers field errors, and a refused form comes back with everything typed. With
 * JavaScript the same schema runs first in the browser, so most mistakes never make the round trip. The
 * form token makes a double submit store once.
 */
export function DemoForm({
  token,
  origin,
}: {
  token: string;
  origin: Required<{ [K in keyof DemoOrigin]: string }>;
}) {
  const [state, action, pending] = useActionState(submitDemoAction, initial);
  // Errors found in the browser; cleared when a submit goes to the server, whose answer then shows.
  const [browserErrors, setBrowserErrors] = useState<Record<string, string> | null>(null);
  const [referrer, setReferrer] = useState(origin.referrer);
  const formRef = useRef<HTMLFormElement>(null);
  const thanksRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!origin.referrer && document.referrer) setReferrer(document.referrer);
  }, [origin.referrer]);
  useEffect(() => {
    if (state.success) thanksRef.current?.focus();
    else if (state.fields) focusFirstInvalid(formRef.current);
  }, [state]);

  if (state.success) {
    return (
      <div
        ref={thanksRef}
        tabIndex={-1}
        role="status"
        data-testid="demo-thanks"
        className="mt-8 rounded-lg border border-emerald-200 bg-emerald-50 p-6 text-emerald-900"
      >
        <p className="text-lg font-medium">{state.success}</p>
        <p className="mt-3 text-sm">
          Meanwhile, see{" "}
          <Link href="/pricing" className="underline">
            what it costs
          </Link>
          , or{" "}
          <Link href="/signup" className="underline">
            try it yourself with a free 14-day trial
          </Link>
          .
        </p>
      </div>
    );
  }

  const errors = browserErrors ?? state.fields ?? {};
  const values = state.values;
  return (
    <form
      ref={formRef}
      action={action}
      onSubmit={(event) => {
        const found = checkInBrowser(event.currentTarget);
        setBrowserErrors(found);
        if (found) {
          event.preventDefault();
          focusFirstInvalid(event.currentTarget);
        }
      }}
      noValidate
      className="mt-8 space-y-5"
      aria-label="Demo request"
    >
      <FormMessage>{browserErrors ? null : state.message}</FormMessage>
      <Field
        label="Full name"
        name="name"
        autoComplete="name"
        required
        defaultValue={values.name}
        error={errors.name}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={values.email}
          error={errors.email}
          hint="Email or phone: at least one."
        />
        <Field
          label="Phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          defaultValue={values.phone}
          error={errors.phone}
        />
      </div>
      <RadioGroup
        legend="Preferred contact"
        name="preferredContact"
        options={contactOptions}
        defaultValue={values.preferredContact}
        error={errors.preferredContact}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="Job title (optional)"
          name="jobTitle"
          autoComplete="organization-title"
          defaultValue={values.jobTitle}
          error={errors.jobTitle}
        />
        <Field
          label="Company name (optional)"
          name="company"
          autoComplete="organization"
          defaultValue={values.company}
          error={errors.company}
        />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label="Company size (optional)"
          name="companySize"
          options={sizeOptions}
          defaultValue={values.companySize ?? ""}
          error={errors.companySize}
        />
        <SelectField
          label="Decision timeline (optional)"
          name="timeline"
          options={timelineOptions}
          defaultValue={values.timeline ?? ""}
          error={errors.timeline}
        />
      </div>
      <CheckboxGroup
        legend="Interested in (optional)"
        name="interests"
        options={interestOptions}
        defaultValue={state.interests}
        error={errors.interests}
        columns
      />
      <TextareaField
        label="What problems do you want to solve? (optional)"
        name="problems"
        rows={5}
        defaultValue={values.problems}
        error={errors.problems}
      />
      <input type="hidden" name={DEMO_TOKEN_FIELD} value={values[DEMO_TOKEN_FIELD] ?? token} />
      {originFields.map((key) => (
        <input
          key={key}
          type="hidden"
          name={key}
          value={values[key] ?? (key === "referrer" ? referrer : origin[key])}
        />
      ))}
      {/* The honeypot: invisible to people and screen readers, irresistible to form-filling bots. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="demo-website">Website (leave empty)</label>
        <input id="demo-website" name={DEMO_HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
      </div>
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? "Sending…" : "Request a demo"}
      </Button>
    </form>
  );
}
