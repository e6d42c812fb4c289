# The web front end's image: docker build -f deploy/web.Dockerfile -t psn-web .
# Its NHS.UK design system comes from npm (services/web/package-lock.json) in a build stage; the image
# itself holds Python, the app and the copied CSS, JS and images, and no Node.
FROM node:20-slim AS assets
WORKDIR /web
COPY services/web/package.json services/web/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
    && mkdir -p out/nhsuk \
    && cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js out/nhsuk/ \
    && cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets out/nhsuk/assets

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 SERVICE=web
# glibc's malloc as psn_local sets it (MALLOC_SETTINGS): two arenas, freed large blocks given back.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576
WORKDIR /app
COPY constraints.txt ./
COPY shared/ shared/
COPY services/web/ services/web/
COPY --from=assets /web/out/nhsuk/ services/web/src/web/static/nhsuk/
RUN pip install -c constraints.txt ./shared ./services/web \
    && useradd --system --uid 10001 psn
USER psn
EXPOSE 8000
CMD ["sh", "-c", "gunicorn -c python:psn_shared.gunicorn_conf ${SERVICE}.entrypoints.wsgi:app"]
