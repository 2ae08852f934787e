# Kexin Gateway image. Build from the repository root:
#   docker build -t kexin-gateway:0.1.0 .
# Runs as UID 10001 on a read-only root filesystem (only /tmp must be writable: mount a tmpfs or emptyDir there).
# Shipped policies: /opt/kexin/policies (mount your own over it, or point policies.dir of gateway.yaml elsewhere).
# Config: pass --config /etc/kexin/gateway.yaml (the Helm chart does); without one it serves the demo model.
# OCR of images (limits.images.ocr) needs Tesseract, which this image leaves out (about 60 MB): build one FROM it that
# installs tesseract-ocr, tesseract-ocr-chi-sim and tesseract-ocr-eng as root, then goes back to USER 10001:10001.
# Extra JVM flags: JAVA_TOOL_OPTIONS (the entry point is the `exec java` line of ./gateway, plus container flags).

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
# Dependencies first: this layer is rebuilt only when pom.xml changes.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -Dmaven.test.skip=true package

FROM ${RUNTIME_IMAGE} AS runtime
ARG RUNTIME_IMAGE
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kexin-gateway" \
      org.opencontainers.image.description="Safety gateway for LLM traffic: a reverse proxy that inspects every request and response." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"
WORKDIR /opt/kexin
COPY --from=build /build/target/kexin-gateway.jar /opt/kexin/kexin-gateway.jar
COPY policies /opt/kexin/policies
# Numeric, so that Kubernetes runAsNonRoot can check it; owns nothing: the image is read-only to it.
USER 10001:10001
EXPOSE 8080 9090
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9090 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Heap at 40% of the container's memory limit; direct buffers (bodies, streams) may take as much again.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=40.0", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", \
  "-Djava.util.logging.SimpleFormatter.format=%1$tF %1$tT.%1$tL %4$-7s %5$s%6$s%n", \
  "-jar", "/opt/kexin/kexin-gateway.jar"]
CMD ["serve", "--bind", "0.0.0.0"]
