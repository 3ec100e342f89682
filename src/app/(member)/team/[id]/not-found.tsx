import { ButtonLink } from "@/ui/button";
import { Card, PageHeader } from "@/ui/card";

export default function TeamNotFound() {
  return (
    <>
      <PageHeader title="Team not found" />
      <Card className="max-w-2xl">
        <p className="text-sm text-slate-700">
          This team does not exist, or you are not a member of it. If someone invited you, open the link in
          their invitation mail.
        </p>
        <ButtonLink href="/team" variant="secondary" className="mt-4">
          Your teams
        </ButtonLink>
      </Card>
    </>
  );
}
