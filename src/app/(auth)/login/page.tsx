import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/ui/field";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { next, reset } = await searchParams;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      {reset ? (
        <FormMessage tone="success">Your password was changed. Sign in with the new one.</FormMessage>
      ) : null}
      <LoginForm next={next ?? ""} />
      <p className="mt-4 text-sm text-slate-600">
        New here?{" "}
        <Link
          className="font-medium text-brand-600 underline"
          href={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}
        >
          Create an account
        </Link>
      </p>
    </>
  );
}
