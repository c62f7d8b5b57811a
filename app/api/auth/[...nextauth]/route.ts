import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";
import { signInRateLimitResponse } from "@/lib/auth/sign-in-limits";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

// GET, POST /api/auth/* — next-auth's sign-in, sign-out, session and CSRF endpoints. Public; sign-in
// attempts are rate limited per IP and per account before next-auth checks the password.
async function handler(request: Request, context: NextAuthContext) {
  const limited = await signInRateLimitResponse(request);
  if (limited) return limited;
  return NextAuth(request as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
