import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/auth/page-actor";
import { listUsersOperation } from "@/server/operations/accounts";
import { Badge, Card, PageHeader } from "@/ui/card";
import { MembershipBadge } from "@/ui/membership-badge";
import { Pagination } from "@/ui/pagination";
import { SearchForm } from "@/ui/search-form";
import { serverFormat } from "@/ui/server-format";
import { roleLabel } from "@/ui/teams/labels";
import { AccountControls } from "./account-controls";
import { RolesPanel } from "./roles-panel";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const result = await listUsersOperation.forActor(actor, { q: params.q, page: params.page });
  if (!result.ok) throw new Error(result.message);
  const fmt = serverFormat();
  return (
    <>
      <PageHeader title="Users" description="Search people, and set their roles and permissions." />
      <SearchForm
        action="/admin/users"
        label="Search users"
        placeholder="Search by name or email"
        defaultValue={params.q}
      />
      {result.rows.length === 0 ? (
        <p className="text-sm text-slate-600">No users match “{params.q}”.</p>
      ) : null}
      <ul className="space-y-3">
        {result.rows.map((user) => (
          <li key={user.id}>
            <Card>
              <details data-testid={`user-${user.email}`}>
                <summary className="flex cursor-pointer flex-wrap items-center gap-3">
                  <span className="font-medium">{user.name}</span>
                  <span className="text-sm text-slate-600">{user.email}</span>
                  {user.emailVerified ? null : <Badge tone="amber">Email not verified</Badge>}
                  <MembershipBadge status={user.membershipStatus} />
                  {user.role === "admin" ? <Badge tone="red">Admin</Badge> : null}
                  {user.isSales ? <Badge tone="amber">Sales</Badge> : null}
                  {user.billingExempt ? <Badge tone="green">Billing exempt</Badge> : null}
                  {user.deactivatedAt ? <Badge tone="slate">Deactivated</Badge> : null}
                </summary>
                <div className="mt-4 grid gap-6 md:grid-cols-2">
                  <div>
                    <h3 className="text-sm font-semibold">Roles &amp; Permissions</h3>
                    <RolesPanel user={user} />
                    <AccountControls
                      userId={user.id}
                      email={user.email}
                      deactivated={Boolean(user.deactivatedAt)}
                    />
                  </div>
                  <dl className="grid grid-cols-2 content-start gap-y-2 text-sm">
                    <dt className="text-slate-500">Email</dt>
                    <dd>{user.emailVerified ? "Verified" : "Not verified yet"}</dd>
                    <dt className="text-slate-500">Membership</dt>
                    <dd>{user.membershipStatus.replace("_", " ")}</dd>
                    <dt className="text-slate-500">Trial ends</dt>
                    <dd>{user.trialEndsAt ? fmt.date(user.trialEndsAt) : "—"}</dd>
                    <dt className="text-slate-500">Stripe customer</dt>
                    <dd className="truncate">{user.stripeCustomerId ?? "—"}</dd>
                    <dt className="text-slate-500">Subscription</dt>
                    <dd className="truncate">{user.stripeSubscriptionId ?? "—"}</dd>
                    <dt className="text-slate-500">Joined</dt>
                    <dd>{fmt.date(user.createdAt)}</dd>
                    <dt className="text-slate-500">Teams</dt>
                    <dd data-testid="user-teams">
                      {user.teams.length === 0 ? (
                        "—"
                      ) : (
                        <ul>
                          {user.teams.map((team) => (
                            <li key={team.id}>
                              <Link className="underline" href={`/team/${team.id}`}>
                                {team.name}
                              </Link>{" "}
                              <span className="text-slate-500">({roleLabel[team.role]})</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </dd>
                  </dl>
                </div>
              </details>
            </Card>
          </li>
        ))}
      </ul>
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/users"
        params={{ q: params.q }}
      />
    </>
  );
}
