# Nexus Chat as a native executable.
#
#   docker build -t nexus-chat .
#   docker run -p 8080:8080 -e QUARKUS_DATASOURCE_JDBC_URL=... nexus-chat
#
# Stage 1 runs Quarkus's native build steps on a JDK and writes target/native-sources/ (native-image.args + jars);
# stage 2 runs native-image on them with Mandrel; stage 3 is a minimal runtime image. The same split is what CI checks
# on every change (-Dquarkus.native.sources-only=true), since native-image itself is not available there.
# The embedded default database is H2; for scale-out build with -Ppostgres (see README).

FROM eclipse-temurin:21-jdk AS sources
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY .formatter/ .formatter/
COPY web/ web/
COPY src/ src/
RUN ./mvnw -B package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true

FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS native
WORKDIR /build
COPY --from=sources --chown=quarkus:quarkus /build/target/native-sources/ ./
RUN native-image @native-image.args -J-Xmx6g

FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
WORKDIR /work/
RUN chown 1001 /work && chmod "g+rwX" /work && chown 1001:root /work
COPY --from=native --chown=1001:root --chmod=0755 /build/*-runner /work/application
EXPOSE 8080
USER 1001
# H2 writes its file database under /work/data by default; mount a volume there or point at PostgreSQL.
ENTRYPOINT ["./application", "-Dquarkus.http.host=0.0.0.0"]
