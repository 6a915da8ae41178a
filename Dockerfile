# Production image: API + built SPA on one port. PostgreSQL comes from DATABASE_URL.
FROM node:24-bookworm-slim
WORKDIR /app
# npm 11 blocks install scripts unless allowed; pnpm lays down its binary in one.
RUN npm install -g --allow-scripts=pnpm pnpm@12.21.0
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY migrations/package.json migrations/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 SPA_DIR=/app/client/dist TRUST_PROXY=true STORAGE_DIR=/srv/files
# Uploaded files (STORAGE=local): a volume every instance mounts; owned by the user the app runs as.
RUN mkdir -p /srv/files && chown node:node /srv/files
EXPOSE 3000
USER node
CMD ["node", "server/src/main.ts"]
