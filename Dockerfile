# newsbot: a slim, non-root image. The database lives in the /data volume, the config is a mounted
# file (/config/newsbot.toml) and the token comes from the environment (NEWSBOT_TOKEN).
#
#   docker build -t newsbot .
#   docker run -d --name newsbot -e NEWSBOT_TOKEN=123456:ABC... \
#       -v "$PWD/newsbot.toml:/config/newsbot.toml:ro" -v newsbot-data:/data newsbot
#
# In the config, point the database into the volume: [storage] database = "/data/newsbot.sqlite3".

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY sandbox ./sandbox
# Every dependency ships wheels for linux/amd64 and arm64: no compiler needed in the image.
RUN pip install --prefix=/install .

FROM python:3.11-slim
LABEL org.opencontainers.image.title="newsbot" \
      org.opencontainers.image.description="Telegram news distributor: feeds in, channel posts and reader commands out"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MPLBACKEND=Agg \
    MPLCONFIGDIR=/tmp/matplotlib
RUN groupadd --system --gid 10001 newsbot \
 && useradd --system --uid 10001 --gid newsbot --home-dir /data --shell /usr/sbin/nologin newsbot \
 && mkdir -p /data /config \
 && chown newsbot:newsbot /data
COPY --from=build /install /usr/local
USER newsbot:newsbot
WORKDIR /data
VOLUME ["/data"]
# `newsbot run` stops cleanly on SIGTERM (docker stop): the outbox keeps whatever was not sent yet.
STOPSIGNAL SIGTERM
ENTRYPOINT ["newsbot"]
CMD ["run", "--config", "/config/newsbot.toml"]
