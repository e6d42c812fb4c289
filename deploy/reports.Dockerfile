# The board report's app: docker build -f deploy/reports.Dockerfile -t psn-reports .
# It holds no data and publishes nothing: it assembles the three services' parts into a PDF or CSV.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 MPLCONFIGDIR=/tmp/matplotlib
# glibc's malloc as psn_local sets it (MALLOC_SETTINGS): two arenas, freed large blocks given back.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576
WORKDIR /app
COPY constraints.txt ./
COPY shared/ shared/
COPY tools/psn_reports/ tools/psn_reports/
RUN pip install -c constraints.txt ./shared ./tools/psn_reports \
    && useradd --system --uid 10001 psn
USER psn
EXPOSE 8000
CMD ["gunicorn", "-c", "python:psn_shared.gunicorn_conf", "psn_reports.wsgi:app"]
