# syntax=docker/dockerfile:1.7
# The GPU worker (worker/app, main class dev.scalingar.worker.WorkerMain). Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t ghcr.io/scalingar/worker:0.1.0-cu128 .
#
# The model engine is DJL PyTorch (DJL 0.36.0, PyTorch 2.7.1, see the root pom). Its CUDA build is
# flavour cu128: the flavour DJL ships for PyTorch 2.7.1 (pytorch-jni 2.7.1-0.36.0 carries JNI
# libraries for cpu and cu128 only; there is no cu124 build of 2.7.1). DJL does not publish the
# CUDA libtorch to Maven Central for this version (pytorch-native-cu128 is not there; cpu is), so
# this image fetches it at BUILD time from DJL's own distribution, exactly the files DJL itself would
# download on first use, and the pod never downloads anything: ai.djl.offline=true, and the
# worker's NetworkPolicy allows only Kafka and MinIO.
#
# At run time DJL finds everything read-only in the image:
#   PYTORCH_LIBRARY_PATH=/opt/libtorch            libtorch*.so and the CUDA runtime libraries
#   PYTORCH_VERSION=2.7.1, PYTORCH_FLAVOR=cu128   with the path above, DJL skips platform detection
#   DJL_CACHE_DIR=/opt/djl                        holds pytorch/2.7.1-cu128-linux-x86_64/<djl>-libdjl_torch.so
# (The same layout with the cpu flavour was run read-only, offline, on a CPU machine.) The CUDA
# driver (libcuda.so) comes from the node through the NVIDIA container toolkit / device plugin.
ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
# The worker jar and its runtime dependencies, minus the CPU native library (the CUDA one replaces it).
# Maven's local repository in a build cache shared across image builds (MAVEN_OPTS reaches every mvnw call).
ENV MAVEN_OPTS="-Dmaven.repo.local=/cache/maven-repository"
RUN --mount=type=cache,target=/cache/maven-repository \
    ./mvnw -B -q -pl worker/app -am install -DskipTests \
 && ./mvnw -B -q -pl worker/app dependency:copy-dependencies -DincludeScope=runtime \
      -DexcludeArtifactIds=pytorch-native-cpu -DoutputDirectory=/out/lib \
 && cp worker/app/target/scalingar-worker-app-*.jar /out/lib/ \
 && ls /out/lib/pytorch-jni-*.jar

FROM ${JDK_IMAGE} AS libtorch
ARG PYTORCH_VERSION=2.7.1
ARG PYTORCH_FLAVOR=cu128
# bash with pipefail: a failed download inside `curl | gunzip` fails the build.
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl unzip \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/lib/ /tmp/lib/
# 1. libtorch + CUDA runtime: every file DJL lists for this flavour and platform (files.txt lines
#    "cu128/linux-x86_64/native/lib/<name>.gz"), gunzipped into /opt/libtorch.
# 2. The JNI bridge for this flavour from the pytorch-jni jar, where DJL looks for it:
#    $DJL_CACHE_DIR/pytorch/<pytorch>-<flavour>-linux-x86_64/<djl version>-libdjl_torch.so
RUN set -eux; \
    base="https://publish.djl.ai/pytorch/${PYTORCH_VERSION}"; \
    mkdir -p /opt/libtorch; \
    curl -fsSL --retry 5 "$base/files.txt" -o /tmp/files.txt; \
    grep "^${PYTORCH_FLAVOR}/linux-x86_64/native/lib/" /tmp/files.txt > /tmp/wanted.txt; \
    test -s /tmp/wanted.txt; \
    while read -r line; do \
      name="$(basename "$line" .gz)"; name="$(printf '%b' "${name//%/\\x}")"; \
      curl -fsSL --retry 5 "$base/$line" | gunzip > "/opt/libtorch/$name"; \
    done < /tmp/wanted.txt; \
    test -f /opt/libtorch/libtorch.so; test -f /opt/libtorch/libtorch_cuda.so; \
    jni="$(ls /tmp/lib/pytorch-jni-*.jar)"; \
    jni_version="$(basename "$jni" .jar)"; jni_version="${jni_version#pytorch-jni-}"; \
    test "${jni_version%%-*}" = "${PYTORCH_VERSION}"; \
    djl_version="${jni_version#*-}"; \
    dir="/opt/djl/pytorch/${PYTORCH_VERSION}-${PYTORCH_FLAVOR}-linux-x86_64"; \
    mkdir -p "$dir"; \
    unzip -p "$jni" "jnilib/linux-x86_64/${PYTORCH_FLAVOR}/libdjl_torch.so" > "$dir/${djl_version}-libdjl_torch.so"; \
    test -s "$dir/${djl_version}-libdjl_torch.so"; \
    chmod -R a+rX,go-w /opt/libtorch /opt/djl

FROM ${JRE_IMAGE}
ARG PYTORCH_VERSION=2.7.1
ARG PYTORCH_FLAVOR=cu128
RUN groupadd --system --gid 10001 scalingar \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin scalingar
COPY --from=build /out/lib/ /app/lib/
COPY --from=libtorch /opt/libtorch/ /opt/libtorch/
COPY --from=libtorch /opt/djl/ /opt/djl/
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch \
    PYTORCH_VERSION=${PYTORCH_VERSION} \
    PYTORCH_FLAVOR=${PYTORCH_FLAVOR} \
    DJL_CACHE_DIR=/opt/djl \
    SCALINGAR_DEVICE=gpu \
    SCALINGAR_HTTP_PORT=18090 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=50 -Djava.io.tmpdir=/tmp"
USER 10001:10001
EXPOSE 18090
# Exec form: java is PID 1, so SIGTERM (from the kubelet or the preStop hook's `kill -TERM 1`)
# reaches the worker, which drains: no new jobs, running jobs get SCALINGAR_DRAIN_SECONDS, exit 0.
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-cp", "/app/lib/*", "dev.scalingar.worker.WorkerMain"]
