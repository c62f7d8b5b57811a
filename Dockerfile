# Keel: one image for app replicas (`npm start`, scripts/serve.mjs) and job workers (`npm run worker`).
# Build:  docker build -t keel .
# Run:    docker run -p 3000:3000 -e DATABASE_URL=... -e KEEL_SECRET=... -e KEEL_PUBLIC_URL=... keel

# Both stages use one pinned Node.js release, the one the tests run on; update the two tags together.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx next build && npm prune --omit=dev

FROM node:20.20.2-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 KEEL_DATA_DIR=/data
RUN groupadd --system keel && useradd --system --gid keel --home /app keel && mkdir /data && chown keel:keel /data
COPY --from=build --chown=keel:keel /app/package.json /app/next.config.ts /app/instrumentation.ts /app/tsconfig.json ./
COPY --from=build --chown=keel:keel /app/node_modules ./node_modules
COPY --from=build --chown=keel:keel /app/.next ./.next
COPY --from=build --chown=keel:keel /app/drizzle ./drizzle
COPY --from=build --chown=keel:keel /app/lib ./lib
COPY --from=build --chown=keel:keel /app/scripts ./scripts
USER keel
EXPOSE 3000
# Liveness only: GET /api/health does not touch the database. Worker containers serve no HTTP, so run
# them with --no-healthcheck.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
# The embedded database (no DATABASE_URL) keeps its data in /data; mount a volume there.
VOLUME ["/data"]
# The server stops accepting connections on SIGTERM, lets in-flight requests finish, and Keel then waits
# up to KEEL_SHUTDOWN_GRACE_SECONDS for running jobs. `exec` form makes node PID 1 so it gets the signal.
CMD ["node", "--max-semi-space-size=32", "scripts/serve.mjs", "-H", "0.0.0.0"]
