# One multi-stage image for every app. Build:  docker build --build-arg APP=gateway -t arctrigger/gateway .
# docker-compose.yml builds each service from this file with its own APP.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json .swcrc ./
COPY packages packages
COPY apps apps
COPY test/package.json test/package.json
RUN npm ci --no-audit --no-fund
RUN npx turbo run build --filter='./apps/*' --filter='./packages/*'
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["sh", "-c", "exec node apps/${APP}/dist/main.js"]
