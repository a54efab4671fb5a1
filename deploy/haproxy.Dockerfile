# HAProxy as Debian 12 ships it, the same package and paths deploy/haproxy.cfg is tested
# with in CI (tests/e2e/test_behind_proxy.py). compose.yaml mounts the config and certs.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends haproxy \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /run/haproxy /etc/haproxy/certs
# Starts as root to bind 80/443, chroot and read the key, then drops to the haproxy user.
CMD ["haproxy", "-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"]
