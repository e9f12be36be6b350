# mentor in a container, for GitLab CI and other systems that run jobs in
# images:  docker build -t mentor . && docker run --rm -v "$PWD:/programme" mentor
# Build: a static (musl) binary; run: Alpine, so CI jobs still have a shell.
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/mentor

FROM alpine:3
COPY --from=build /src/target/release/mentor /usr/local/bin/mentor
RUN adduser -D -H mentor
USER mentor
WORKDIR /programme
ENTRYPOINT ["mentor"]
CMD ["validate", "--format", "concise", "."]
