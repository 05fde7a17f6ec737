# Build a static binary, then ship it alone on a minimal base as a non-root user.
#
# The golang images set GOTOOLCHAIN=local, so the builder's Go must be at
# least the go line in go.mod (1.26.8): an older image fails the build rather
# than fetching a newer toolchain. Raise this tag together with go.mod.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/qcadmin . \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/qcadmin /qcadmin
COPY --from=build --chown=65532:65532 /out/data /data
ENV QCADMIN_DATA_DIR=/data \
    QCADMIN_ADDR=:8080
VOLUME /data
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s CMD ["/qcadmin", "healthcheck"]
ENTRYPOINT ["/qcadmin"]
