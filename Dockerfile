# oncehub-mock: a build stage compiles TypeScript and better-sqlite3's native addon;
# the runtime stage has only production dependencies and the compiled output.
# Both stages use the same Node major on the same Debian (glibc), so the addon built
# in one loads in the other. test/dockerfile.test.ts repeats this build without Docker.

FROM node:24-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt addon when it can, and compiles one with these when it cannot.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# package.json's allowScripts denies @scarf/scarf's telemetry script (a devDependency's), but
# the image's npm 10 predates allowScripts and runs it: turn it off the way scarf reads.
ENV SCARF_ANALYTICS=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# openapi.yaml too: the build stores it parsed (dist/openapi/contract.json), so that
# the server does not parse it at every start.
COPY tsconfig.json tsconfig.build.json openapi.yaml ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

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
