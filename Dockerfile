# YTEMPIRE backend image: API, workers, beat and Flower share it (the command differs).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STORAGE_PATH=/data/videos

WORKDIR /app

# postgresql-client for operators; ffmpeg comes from the imageio-ffmpeg wheel and the offline
# voice from the espeakng-loader wheel; fonts-noto-core gives subtitles for non-Latin scripts (Hindi…).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client curl fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt requirements-static.txt ./
RUN pip install -r requirements.txt && pip install --no-deps -r requirements-static.txt

COPY . .

RUN useradd -m -u 1000 ytempire && mkdir -p /data/videos && chown -R ytempire:ytempire /app /data
USER ytempire

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://localhost:8000/health || exit 1

CMD ["gunicorn", "wsgi:app", "--bind", "0.0.0.0:8000", "--workers", "4", "--threads", "4", "--timeout", "120"]
