# The self-hosted bridge: build with dev dependencies, run with the runtime ones only, as a
# non-root user, on a read-only root file system (the compose file mounts nothing writable:
# with PostgreSQL, nothing of the bridge's state is on disk).
# syntax=docker/dockerfile:1

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/local.mjs ./dist/local.mjs
COPY --from=build /app/static/wizard/build ./static/wizard/build
# The image's own user; nothing under /app is writable by it.
USER node
EXPOSE 8080 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/local.mjs", "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/tmp/bridge"]
