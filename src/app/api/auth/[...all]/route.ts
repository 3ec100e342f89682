import { getAuth } from "@/auth/auth";

// Better Auth's own endpoints (sign-in, sign-up, sessions, password reset callbacks).
async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(request);
}

export { handle as GET, handle as POST };
