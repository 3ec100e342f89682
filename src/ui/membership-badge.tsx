import type { MembershipStatus } from "@/features/accounts/access";
import { Badge } from "./card";

const labels: Record<MembershipStatus, { label: string; tone: "green" | "blue" | "amber" | "red" }> = {
  trial: { label: "Trial", tone: "blue" },
  active: { label: "Active", tone: "green" },
  past_due: { label: "Past due", tone: "amber" },
  inactive: { label: "Inactive", tone: "red" },
};

export function MembershipBadge({ status }: { status: MembershipStatus }) {
  const { label, tone } = labels[status];
  return <Badge tone={tone}>{label}</Badge>;
}
