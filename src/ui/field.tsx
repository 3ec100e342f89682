import clsx from "clsx";
import type { ComponentProps, ReactNode } from "react";

// Every form's controls: a label tied to the control, the error beside it (announced, and named in the
// control's aria-describedby), a hint while there is no error. Controls are uncontrolled: a refused form
// comes back with `defaultValue` / `defaultChecked` from its FormState (src/ui/form-state.ts).

type Described = { label: string; name: string; error?: string; hint?: string };

const controlClass = (error?: string) =>
  clsx(
    "block w-full rounded-md border px-3 py-2 text-sm shadow-sm",
    error ? "border-red-500 bg-red-50" : "border-slate-300",
  );

const describedBy = (id: string, error?: string, hint?: string) =>
  [error ? `${id}-error` : null, hint && !error ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;

function Feedback({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (error) {
    return (
      <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
        {error}
      </p>
    );
  }
  if (!hint) return null;
  return (
    <p id={`${id}-hint`} className="text-xs text-slate-500">
      {hint}
    </p>
  );
}

function Labelled({
  id,
  label,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={clsx("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      <Feedback id={id} error={error} hint={hint} />
    </div>
  );
}

type FieldProps = ComponentProps<"input"> & Described;

/** A labelled input with its error beside it, wired for screen readers. */
export function Field({ label, name, error, hint, className, id, ...props }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <Labelled id={inputId} label={label} error={error} hint={hint} className={className}>
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, error, hint)}
        className={controlClass(error)}
        {...props}
      />
    </Labelled>
  );
}

type TextareaFieldProps = ComponentProps<"textarea"> & Described;

export function TextareaField({ label, name, error, hint, className, id, ...props }: TextareaFieldProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <Labelled id={inputId} label={label} error={error} hint={hint} className={className}>
      <textarea
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, error, hint)}
        className={controlClass(error)}
        {...props}
      />
    </Labelled>
  );
}

/** Choices as [value, label] pairs, in the order shown. */
type Options = readonly (readonly [value: string, label: string])[];

type SelectFieldProps = Omit<ComponentProps<"select">, "children"> &
  Described & {
    options: Options;
    /** The empty first choice; `null` for a select that always has a value. */
    placeholder?: string | null;
  };

export function SelectField({
  label,
  name,
  error,
  hint,
  className,
  id,
  options,
  placeholder = "Choose…",
  ...props
}: SelectFieldProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <Labelled id={inputId} label={label} error={error} hint={hint} className={className}>
      <select
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, error, hint)}
        className={controlClass(error)}
        {...props}
      >
        {placeholder === null ? null : <option value="">{placeholder}</option>}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

type ChoiceGroupProps = {
  legend: string;
  name: string;
  options: Options;
  error?: string;
  hint?: string;
  className?: string;
  /** Laid out in two columns from the small breakpoint, instead of one wrapping row. */
  columns?: boolean;
};

function ChoiceGroup({
  type,
  legend,
  name,
  options,
  isChecked,
  error,
  hint,
  className,
  columns,
}: ChoiceGroupProps & { type: "checkbox" | "radio"; isChecked: (value: string) => boolean }) {
  const groupId = `field-${name}`;
  return (
    <fieldset
      id={groupId}
      aria-describedby={describedBy(groupId, error, hint)}
      className={clsx("space-y-1", className)}
    >
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className={clsx("mt-1", columns ? "grid gap-2 sm:grid-cols-2" : "flex flex-wrap gap-4")}>
        {options.map(([value, text]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input
              type={type}
              name={name}
              value={value}
              defaultChecked={isChecked(value)}
              aria-invalid={error ? true : undefined}
            />
            {text}
          </label>
        ))}
      </div>
      <Feedback id={groupId} error={error} hint={hint} />
    </fieldset>
  );
}

/** Several of a list (sent as the same name once per ticked box); `defaultValue` is what was ticked. */
export function CheckboxGroup({
  defaultValue = [],
  ...props
}: ChoiceGroupProps & { defaultValue?: string[] }) {
  return <ChoiceGroup type="checkbox" isChecked={(value) => defaultValue.includes(value)} {...props} />;
}

/** One of a list; `defaultValue` is the chosen one. */
export function RadioGroup({ defaultValue, ...props }: ChoiceGroupProps & { defaultValue?: string }) {
  return <ChoiceGroup type="radio" isChecked={(value) => value === defaultValue} {...props} />;
}

export function FormMessage({
  tone = "error",
  children,
}: {
  tone?: "error" | "success";
  children: React.ReactNode;
}) {
  if (!children) return null;
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      className={clsx(
        "rounded-md px-3 py-2 text-sm",
        tone === "error" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-800",
      )}
    >
      {children}
    </p>
  );
}
