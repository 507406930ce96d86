# Nexus Chat as a native executable.
#
#   docker build -t nexus-chat .                                                  # embedded H2 database
#   docker run -p 8080:8080 -v nexus-data:/work/data nexus-chat
#
#   docker build --build-arg QUARKUS_PROFILE=postgres -t nexus-chat-pg .           # PostgreSQL (scale-out)
#   docker run -p 8080:8080 -e NEXUS_DB_URL=jdbc:postgresql://db:5432/nexus -e NEXUS_DB_USER=nexus \
#     -e NEXUS_DB_PASSWORD=... nexus-chat-pg
#
# Stage 1 runs Quarkus's native build steps on a JDK and writes target/native-sources/ (native-image.args + jars);
# stage 2 runs native-image on them with Mandrel; stage 3 is a minimal runtime image. The same split is what CI checks
# on every change (-Dquarkus.native.sources-only=true), since native-image itself is not available there.
# The database kind is fixed at build time: the default build embeds H2; QUARKUS_PROFILE=postgres builds for
# PostgreSQL (the `postgres` configuration profile in application.properties, see README "PostgreSQL").

ARG QUARKUS_PROFILE=prod

FROM eclipse-temurin:21-jdk AS sources
ARG QUARKUS_PROFILE
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY .formatter/ .formatter/
COPY web/ web/
COPY src/ src/
RUN ./mvnw -B package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true \
    -Dquarkus.profile=${QUARKUS_PROFILE}

FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS native
WORKDIR /build
COPY --from=sources --chown=quarkus:quarkus /build/target/native-sources/ ./
RUN native-image @native-image.args -J-Xmx6g

FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
ARG QUARKUS_PROFILE
# The runtime profile must match the build's (its datasource settings live in the same profile).
ENV QUARKUS_PROFILE=${QUARKUS_PROFILE}
WORKDIR /work/
RUN chown 1001 /work && chmod "g+rwX" /work && chown 1001:root /work
COPY --from=native --chown=1001:root --chmod=0755 /build/*-runner /work/application
EXPOSE 8080
USER 1001
# H2 writes its file database under /work/data by default; mount a volume there or point at PostgreSQL.
ENTRYPOINT ["./application", "-Dquarkus.http.host=0.0.0.0"]
