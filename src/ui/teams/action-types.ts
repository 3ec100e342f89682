import type { Result } from "@/lib/result";
import type { FormState } from "@/ui/form-state";

// The server actions a team's page hands its components; the route owns them (src/app/(member)/team).

export type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

export type TeamActions = {
  invite: FormAction;
  revoke: (input: { teamId: string; invitationId: string }) => Promise<Result>;
  resend: (input: {
    teamId: string;
    invitationId: string;
  }) => Promise<Result<{ invitation: { expiresAt: Date } }>>;
  remove: (input: { teamId: string; userId: string }) => Promise<Result>;
  changeRole: (input: { teamId: string; userId: string; role: "admin" | "member" }) => Promise<Result>;
  transfer: (input: { teamId: string; userId: string }) => Promise<Result>;
  deleteTeam: (input: { teamId: string }) => Promise<Result>;
  leave: (input: { teamId: string }) => Promise<Result>;
};
