/**
 * The route handlers that answer without a role or API key scope, each with the reason it may. Every
 * other handler in app/**\/route.ts must be built with `apiRoute` and a role and scope, and a test fails
 * when a handler is neither (test/unit/access-decisions.test.ts).
 */
export type PublicRoute = {
  /** The URL path as Next.js routes it, with dynamic segments as in the folder name, such as `/api/auth/[...nextauth]`. */
  path: string;
  methods: readonly ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS")[];
  reason: string;
};

export const publicRoutes: readonly PublicRoute[] = [
  {
    path: "/api/health",
    methods: ["GET"],
    reason: "Liveness probe for load balancers and orchestrators, which hold no credentials; it returns only a status.",
  },
  {
    path: "/api/health/ready",
    methods: ["GET"],
    reason: "Readiness probe for orchestrators; it returns only whether the database responds and is migrated.",
  },
  {
    path: "/api/auth/[...nextauth]",
    methods: ["GET", "POST"],
    reason: "next-auth's sign-in, sign-out, session and CSRF endpoints, which must work before a session exists. Sign-in is rate limited.",
  },
  {
    path: "/api/v1/openapi.json",
    methods: ["GET"],
    reason: "The OpenAPI document describes the API and contains no data.",
  },
  {
    path: "/metrics",
    methods: ["GET"],
    reason: "Prometheus scrapers send the KEEL_METRICS_TOKEN bearer token instead of a user session or API key; without the token setting the route returns 404.",
  },
];
