# One image per service, from one file; SERVICE picks which (Recruitment, Payments, Training or Reporting):
#   docker build --build-arg SERVICE=Reporting -t involvement-reporting:0.11.0 .
# scripts/images builds all four. The entrypoint runs the service; the same image runs migrations with the argument
# `migrate` (the chart's hook Job) and validates its configuration with `check-settings`.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone, so the package layer is rebuilt only when a dependency changes. Every
# service's project file is copied and restored here, before SERVICE is declared, so the four images share this layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY services/ServiceHost.props services/
COPY services/building-blocks/Involvement.BuildingBlocks/Involvement.BuildingBlocks.csproj services/building-blocks/Involvement.BuildingBlocks/
COPY services/building-blocks/Involvement.Contracts/Involvement.Contracts.csproj services/building-blocks/Involvement.Contracts/
COPY services/recruitment/Involvement.Recruitment/Involvement.Recruitment.csproj services/recruitment/Involvement.Recruitment/
COPY services/payments/Involvement.Payments/Involvement.Payments.csproj services/payments/Involvement.Payments/
COPY services/training/Involvement.Training/Involvement.Training.csproj services/training/Involvement.Training/
COPY services/reporting/Involvement.Reporting/Involvement.Reporting.csproj services/reporting/Involvement.Reporting/
RUN for service in Recruitment Payments Training Reporting; do \
        dotnet restore services/*/Involvement.$service/Involvement.$service.csproj || exit 1; \
    done

COPY protos/ protos/
COPY services/ services/
ARG SERVICE=Recruitment
# Framework-dependent with an apphost (built for this stage's architecture: build on the target platform). The apphost
# is renamed so the entrypoint is the same for every service; it still starts Involvement.<Service>.dll beside it.
RUN dotnet publish services/*/Involvement.${SERVICE}/Involvement.${SERVICE}.csproj \
        -c Release -o /out --no-self-contained --no-restore -p:UseAppHost=true \
    && mv /out/Involvement.${SERVICE} /out/service \
    && test -f /usr/share/zoneinfo/Europe/London

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
ARG SERVICE=Recruitment
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="involvement-${SERVICE}" \
      org.opencontainers.image.description="Involvement ${SERVICE} service (gRPC 8080, metrics 9090); args [\"migrate\"] apply its database migrations" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/involvement/involvement" \
      org.opencontainers.image.vendor="Involvement" \
      org.opencontainers.image.base.name="mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"
# Chiseled images carry no tzdata, and "today" is a Europe/London date (UkTime): bring the zone database along.
COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo
WORKDIR /app
# Owned by root and only readable by the app user: the service cannot change its own code.
COPY --from=build /out/ ./
# The chart sets the same ports; ASPNETCORE_HTTP_PORTS is emptied so Kestrel binds only the endpoints configured.
# Diagnostics stay on (no DOTNET_EnableDiagnostics=0): dotnet-counters, -trace and -dump attach through a socket in
# /tmp (an emptyDir in the chart), which is how a live pod is inspected. Server GC stays the ASP.NET default; with
# DATAS (.NET 9+) it sizes its heaps to the container's CPU and memory limits.
ENV ASPNETCORE_HTTP_PORTS="" \
    Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:8080 \
    Kestrel__Endpoints__Management__Url=http://0.0.0.0:9090
EXPOSE 8080 9090
# The chiseled image's non-root "app" user, by number so runAsNonRoot can verify it.
USER 1654
ENTRYPOINT ["/app/service"]
