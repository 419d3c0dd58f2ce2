# oncehub-mock: a build stage compiles the TypeScript; the runtime stage has only what
# runs: production dependencies and the compiled output. Both stages use the same
# Node on the same Debian (glibc). test/program/dockerfile.test.ts repeats this build without Docker.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install script is needed: better-sqlite3 13 ships its addon prebuilt (Node-API, for
# linux x64 and arm64). --ignore-scripts runs none, whatever the image's npm makes of
# package.json's allowScripts, so the build needs no compiler and sends no telemetry.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Then only what runs stays: no devDependencies, no optional pino-pretty (production
# logs JSON), and of better-sqlite3 its code and this platform's addon, without its
# SQLite sources and the other platforms' addons (two thirds of node_modules).
RUN npm run build \
  && npm prune --omit=dev --omit=optional --no-audit --no-fund \
  && cd node_modules/better-sqlite3 \
  && rm -rf deps src binding.gyp \
  && find prebuilds -type f ! -name "linux-$(node -p process.arch).node" -delete

FROM node:24-bookworm-slim AS runtime
# NODE_ENV=production: JSON log lines on stdout, even on a terminal (docker run -t).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
# Owned by root: the server can read its code and data, not change them.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json openapi.yaml ./
# The default dataset ships in the image, so it works with no volume mounted.
COPY fixtures ./fixtures
# State kept across restarts, when asked for: -v oncehub-data:/data -e ONCEHUB_MOCK_DB=/data/oncehub.db
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
# Generating a large dataset (--bookings) takes minutes: failures in the start period do not
# count, and the first success makes it healthy. (--start-interval would probe faster while
# starting, but Docker before 25 refuses to build a Dockerfile that uses it.)
HEALTHCHECK --interval=5s --timeout=3s --start-period=5m --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/_mock/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself, during start-up too (src/server.ts): no init needed.
STOPSIGNAL SIGTERM
# The command line, so that flags after the image's name reach it: docker run oncehub-mock --seed 7
ENTRYPOINT ["node", "dist/cli.js"]
