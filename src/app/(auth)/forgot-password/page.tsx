import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Reset your password</h1>
      <p className="mb-4 text-sm text-slate-600">We will mail you a link to choose a new one.</p>
      <ForgotPasswordForm />
      <p className="mt-4 text-sm">
        <Link className="text-slate-600 underline" href="/login">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
