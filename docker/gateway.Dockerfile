# syntax=docker/dockerfile:1.7
# The API gateway (api-gateway/, Quarkus fast-jar). Build from the repository root:
#   docker build -f docker/gateway.Dockerfile -t ghcr.io/scalingar/api-gateway:0.1.0 .
# Runs as UID 10001 with a read-only root filesystem (k8s/base/gateway/deployment.yaml mounts /tmp).
# Pin the base images by digest in your registry mirror if you can (tags below are exact releases).
ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
# -am builds what the gateway depends on (schemas, shapes); tests run in CI, not in the image build.
# Maven's local repository in a build cache shared across image builds (MAVEN_OPTS reaches every mvnw call).
ENV MAVEN_OPTS="-Dmaven.repo.local=/cache/maven-repository"
RUN --mount=type=cache,target=/cache/maven-repository \
    ./mvnw -B -q -pl api-gateway -am package -DskipTests \
 && test -f api-gateway/target/quarkus-app/quarkus-run.jar

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 scalingar \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin scalingar
# Owned by root, read-only for the service user: nothing of the app is writable at run time.
COPY --from=build /src/api-gateway/target/quarkus-app/ /app/
ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    GATEWAY_PORT=18080 \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp -Dvertx.cacheDirBase=/tmp/vertx-cache"
USER 10001:10001
EXPOSE 18080
# Exec form: java is PID 1 and gets SIGTERM directly.
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
