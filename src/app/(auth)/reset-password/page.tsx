import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/ui/field";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { token, error } = await searchParams;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Choose a new password</h1>
      {error || !token ? (
        <FormMessage>
          This reset link has expired or was already used.{" "}
          <Link className="underline" href="/forgot-password">
            Ask for a new one
          </Link>
          .
        </FormMessage>
      ) : (
        <ResetPasswordForm token={token} />
      )}
    </>
  );
}
