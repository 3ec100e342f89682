import type { Metadata } from "next";
import Link from "next/link";
import { isDemoMode } from "@/config/env";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { next } = await searchParams;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      <p className="mb-4 text-sm text-slate-600">Start with a free 14-day trial. No card needed.</p>
      <SignupForm next={next ?? ""} demoMode={isDemoMode()} />
      <p className="mt-4 text-sm text-slate-600">
        Already have an account?{" "}
        <Link
          className="font-medium text-brand-600 underline"
          href={next ? `/login?next=${encodeURIComponent(next)}` : "/login"}
        >
          Sign in
        </Link>
      </p>
    </>
  );
}
