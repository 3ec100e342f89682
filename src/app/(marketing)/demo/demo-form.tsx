"use client";

import clsx from "clsx";
import { useEffect, useRef, useState, useTransition } from "react";
import {
  DEMO_HONEYPOT_FIELD,
  DEMO_TOKEN_FIELD,
  type DemoOrigin,
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
import { Field, FormMessage } from "@/ui/field";
import { submitDemoAction } from "./actions";

type Values = {
  name: string;
  email: string;
  phone: string;
  preferredContact: string;
  jobTitle: string;
  company: string;
  companySize: string;
  timeline: string;
  problems: string;
};

const empty: Values = {
  name: "",
  email: "",
  phone: "",
  preferredContact: "either",
  jobTitle: "",
  company: "",
  companySize: "",
  timeline: "",
  problems: "",
};

const inputClass = (error?: string) =>
  clsx(
    "block w-full rounded-md border px-3 py-2 text-sm shadow-sm",
    error ? "border-red-500 bg-red-50" : "border-slate-300",
  );

function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="text-sm text-red-700">
      {error}
    </p>
  );
}

function SelectField({
  name,
  label,
  options,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  options: [string, string][];
  value: string;
  onChange: React.ChangeEventHandler<HTMLSelectElement>;
  error?: string;
}) {
  const id = `demo-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={onChange}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={inputClass(error)}
      >
        <option value="">Choose…</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * The demo request form. It checks the same schema as the server before sending, keeps everything typed
 * when either refuses it, and shows each error beside its field. The form token makes a double submit
 * store once.
 */
export function DemoForm({
  token,
  origin,
}: {
  token: string;
  origin: Required<{ [K in keyof DemoOrigin]: string }>;
}) {
  const [values, setValues] = useState<Values>(empty);
  const [interests, setInterests] = useState<string[]>([]);
  const [honeypot, setHoneypot] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [thanks, setThanks] = useState<string | null>(null);
  const [referrer, setReferrer] = useState(origin.referrer);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const thanksRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!origin.referrer && document.referrer) setReferrer(document.referrer);
  }, [origin.referrer]);
  useEffect(() => {
    if (thanks) thanksRef.current?.focus();
  }, [thanks]);

  const set = (key: keyof Values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const showErrors = (fields: Record<string, string>) => {
    const flat: Record<string, string> = {};
    for (const [key, text] of Object.entries(fields)) flat[key.split(".")[0]!] ??= text;
    setErrors(flat);
    requestAnimationFrame(() => {
      const first = formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']");
      first?.focus();
    });
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setMessage(null);
    const input = { ...values, interests };
    const checked = demoRequestSchema.safeParse(input);
    if (!checked.success) {
      const fields: Record<string, string> = {};
      for (const issue of checked.error.issues) fields[issue.path.join(".") || "form"] ??= issue.message;
      showErrors(fields);
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await submitDemoAction({
        ...input,
        ...origin,
        referrer,
        [DEMO_TOKEN_FIELD]: token,
        [DEMO_HONEYPOT_FIELD]: honeypot,
      });
      if (result.ok) setThanks(result.message);
      else if (result.fields && Object.keys(result.fields).length > 0) showErrors(result.fields);
      else setMessage(result.message);
    });
  };

  if (thanks) {
    return (
      <div
        ref={thanksRef}
        tabIndex={-1}
        role="status"
        data-testid="demo-thanks"
        className="mt-8 rounded-lg border border-emerald-200 bg-emerald-50 p-6 text-emerald-900"
      >
        <h2 className="text-lg font-semibold">Thank you</h2>
        <p className="mt-1">{thanks}</p>
      </div>
    );
  }

  const describedBy = (key: string) => (errors[key] ? `demo-${key}-error` : undefined);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-8 space-y-5" aria-label="Demo request">
      <FormMessage>{message}</FormMessage>
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Please correct the highlighted fields.
        </p>
      ) : null}
      <Field
        id="demo-name"
        label="Full name"
        name="name"
        autoComplete="name"
        required
        value={values.name}
        onChange={set("name")}
        error={errors.name}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          id="demo-email"
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={set("email")}
          error={errors.email}
          hint="Email or phone: at least one."
        />
        <Field
          id="demo-phone"
          label="Phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          value={values.phone}
          onChange={set("phone")}
          error={errors.phone}
        />
      </div>
      <fieldset aria-describedby={describedBy("preferredContact")}>
        <legend className="text-sm font-medium text-slate-700">Preferred contact</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {PREFERRED_CONTACTS.map((option) => (
            <label key={option} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="preferredContact"
                value={option}
                checked={values.preferredContact === option}
                onChange={set("preferredContact")}
              />
              {PREFERRED_CONTACT_LABELS[option]}
            </label>
          ))}
        </div>
        <FieldError id="demo-preferredContact-error" error={errors.preferredContact} />
      </fieldset>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          id="demo-jobTitle"
          label="Job title (optional)"
          name="jobTitle"
          autoComplete="organization-title"
          value={values.jobTitle}
          onChange={set("jobTitle")}
          error={errors.jobTitle}
        />
        <Field
          id="demo-company"
          label="Company name (optional)"
          name="company"
          autoComplete="organization"
          value={values.company}
          onChange={set("company")}
          error={errors.company}
        />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          name="companySize"
          label="Company size (optional)"
          options={COMPANY_SIZES.map((size) => [size, `${size} people`])}
          value={values.companySize}
          onChange={set("companySize")}
          error={errors.companySize}
        />
        <SelectField
          name="timeline"
          label="Decision timeline (optional)"
          options={DECISION_TIMELINES.map((t) => [t, DECISION_TIMELINE_LABELS[t]])}
          value={values.timeline}
          onChange={set("timeline")}
          error={errors.timeline}
        />
      </div>
      <fieldset aria-describedby={describedBy("interests")}>
        <legend className="text-sm font-medium text-slate-700">Interested in (optional)</legend>
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {INTERESTS.map((interest) => (
            <label key={interest} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="interests"
                value={interest}
                checked={interests.includes(interest)}
                onChange={(e) =>
                  setInterests((list) =>
                    e.target.checked ? [...list, interest] : list.filter((i) => i !== interest),
                  )
                }
              />
              {interest}
            </label>
          ))}
        </div>
        <FieldError id="demo-interests-error" error={errors.interests} />
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="demo-problems" className="block text-sm font-medium text-slate-700">
          What problems do you want to solve? (optional)
        </label>
        <textarea
          id="demo-problems"
          name="problems"
          rows={5}
          value={values.problems}
          onChange={set("problems")}
          aria-invalid={errors.problems ? true : undefined}
          aria-describedby={describedBy("problems")}
          className={inputClass(errors.problems)}
        />
        <FieldError id="demo-problems-error" error={errors.problems} />
      </div>
      {/* The honeypot: invisible to people and screen readers, irresistible to form-filling bots. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="demo-website">Website (leave empty)</label>
        <input
          id="demo-website"
          name={DEMO_HONEYPOT_FIELD}
          tabIndex={-1}
          autoComplete="off"
          value={honeypot}
          onChange={(e) => setHoneypot(e.target.value)}
        />
      </div>
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? "Sending…" : "Request a demo"}
      </Button>
    </form>
  );
}
