# syntax=docker/dockerfile:1
# Proxy image: builds the SPA, then nginx serves it and forwards /api/, /admin/ and /static/ to
# the web service. Build context: the repository root (see docker-compose.yml).
FROM node:20-slim AS build

# frontend/.npmrc sets engine-strict and package.json requires npm 11; node 20 ships npm 10.
ARG NPM_VERSION=11
RUN npm install --global "npm@${NPM_VERSION}"

WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json frontend/.npmrc ./
RUN npm ci
COPY frontend/ ./
RUN npm run build

FROM nginx:1.27-alpine
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY docker/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /src/frontend/dist /usr/share/nginx/html
EXPOSE 80
