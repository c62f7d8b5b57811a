import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

// GET, POST /api/auth/* — next-auth's sign-in, sign-out, session and CSRF endpoints.
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
