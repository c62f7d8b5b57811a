import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { config } from "../config";
import { getDbHandle } from "../db/runtime";
import { logger } from "../log";
import { clientIp, recordSignInFailure, recordSignInSuccess } from "../security/rate-limits";
import { verifyCredentials } from "./users";

const credentialsSchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000) });

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * next-auth settings: email and password, JWT sessions. The token carries only the user id; role and
 * active status are read from the database on every request, so changes take effect at once.
 */
export function authOptions(): NextAuthOptions {
  const settings = config();
  const secure = settings.publicUrl.startsWith("https://");

  return {
    secret: settings.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    useSecureCookies: secure,
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;

          const { db } = await getDbHandle();
          const forwardedFor = request?.headers?.["x-forwarded-for"];
          const ip = clientIp(new Headers(typeof forwardedFor === "string" ? { "x-forwarded-for": forwardedFor } : {}));
          const attempt = { email: parsed.data.email, ip };
          const user = await verifyCredentials(db, parsed.data.email, parsed.data.password);
          if (!user) {
            await recordSignInFailure(settings.rateLimits, attempt);
            logger.info({ event: "sign_in_failed" }, "sign-in failed");
            return null;
          }
          await recordSignInSuccess(settings.rateLimits, attempt);
          logger.info({ userId: user.id }, "signed in");
          return { id: String(user.id), email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub ? Number(token.sub) : undefined };
      },
    },
  };
}
