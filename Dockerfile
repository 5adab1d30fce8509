# footnote: build the TypeScript, then run it on a slim image with production dependencies only.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
# Install without lifecycle scripts: `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    KNOWLEDGE_DIR=/app/knowledge
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The knowledge is data, not code: mount your own folder over /app/knowledge to replace it. Owned by
# `node` as it is copied (a later `chown -R` would store every file a second time, in a new layer).
COPY --chown=node:node knowledge ./knowledge
# Where the bot records questions for curators (DATABASE_URL unset: /app/data/footnote.db); `node`
# must be able to write it. Mount a volume here to keep the records across containers.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# /healthz when a server runs (Slack or Discord configured); a console chat serves no HTTP, so
# there the check passes while the process lives.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/cli.js", "serve"]
