# A small image with the amtsim binary and the bundled scenarios, for the Kubernetes
# manifests in contrib/k8s/ (and any container platform).
#
#   docker build -t amtsim:0.1.0 --build-arg AMTSIM_COMMIT=$(git rev-parse --short=12 HEAD) .
#   docker run --rm -v "$PWD/results:/data/results" amtsim:0.1.0 \
#       run /opt/amtsim/scenarios/district-office.toml -o /data/results/district
#
# The binary needs glibc 2.35 or newer; the runtime image (Debian 12) has 2.36.

FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
# No .git in the build context: the commit for `amtsim --version` comes as a build argument.
ARG AMTSIM_COMMIT="unknown commit"
ENV AMTSIM_COMMIT=${AMTSIM_COMMIT}
RUN cargo build --release --locked --bin amtsim

FROM debian:bookworm-slim
COPY --from=build /src/target/release/amtsim /usr/local/bin/amtsim
COPY scenarios /opt/amtsim/scenarios
# Results go to a mounted volume; nothing runs as root.
RUN useradd --create-home --uid 1000 amtsim && mkdir -p /data && chown amtsim /data
USER amtsim
WORKDIR /data
ENTRYPOINT ["amtsim"]
CMD ["--help"]
