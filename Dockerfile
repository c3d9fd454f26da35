# syntax=docker/dockerfile:1
# Multi-stage build of the one ohtalent binary. The SPA (frontend/dist) and
# the course content are committed and embedded, so no Node is needed here.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The same build as `make build`: cgo on for the SQLite driver.
RUN make build BIN=bin/ohtalent

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \
	&& rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin ohtalent \
	&& mkdir -p /data && chown ohtalent /data
COPY --from=build /src/bin/ohtalent /usr/local/bin/ohtalent
USER ohtalent
ENV OHT_ADDR=:8080 OHT_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["ohtalent", "healthcheck"]
ENTRYPOINT ["ohtalent"]
CMD ["serve"]
