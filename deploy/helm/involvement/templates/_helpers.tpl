{{/*
Involvement chart helpers. Every per-service template loops over the same list of services and calls these helpers
with a context dict (made at the top of each template's loop) holding
  root - the chart's top-level context ($)
  svc  - the service's name (recruitment, payments, training, reporting)
  cfg  - the service's block of values (.Values.<svc>)
so there is one set of templates for the four services, never a copy per service.
*/}}

{{/* The services this chart can install, in a fixed order. */}}
{{- define "involvement.services" -}}
recruitment payments training reporting
{{- end -}}

{{/* The enabled services, space-separated (empty when none is). */}}
{{- define "involvement.enabledServices" -}}
{{- $enabled := list -}}
{{- range $svc := splitList " " (include "involvement.services" .) -}}
{{- if (index $.Values $svc).enabled -}}
{{- $enabled = append $enabled $svc -}}
{{- end -}}
{{- end -}}
{{- join " " $enabled -}}
{{- end -}}

{{/* Chart label value: name-version, as Helm's own starter chart writes it. */}}
{{- define "involvement.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
<release>-<svc>, at most 63 characters: a long release name is shortened, the service's name is always kept, so the
four services' objects never share a name.
*/}}
{{- define "involvement.fullname" -}}
{{- include "involvement.releaseName" (dict "root" .root "suffix" (printf "-%s" .svc)) -}}
{{- end -}}

{{/* <release>-<svc>-migrate, at most 63 characters: the migration Job and its ServiceAccount/NetworkPolicy. */}}
{{- define "involvement.migrateName" -}}
{{- include "involvement.releaseName" (dict "root" .root "suffix" (printf "-%s-migrate" .svc)) -}}
{{- end -}}

{{/* The release name, shortened so that it and the suffix fit in 63 characters (or .max), then the suffix. */}}
{{- define "involvement.releaseName" -}}
{{- $room := int (sub (.max | default 63) (len .suffix)) -}}
{{- printf "%s%s" (.root.Release.Name | trunc $room | trimSuffix "-") .suffix -}}
{{- end -}}

{{/* Labels that select one service's pods: component is "service" unless the context names another ("migrate" for the
   migration Job's pods; "database" and "broker-user" for operator resources, which select no pod of ours). */}}
{{- define "involvement.selectorLabels" -}}
app.kubernetes.io/name: {{ .svc }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component | default "service" }}
{{- end -}}

{{/* Every label an object of the chart carries. */}}
{{- define "involvement.labels" -}}
{{ include "involvement.selectorLabels" . }}
app.kubernetes.io/part-of: involvement
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "involvement.chart" .root }}
{{- end -}}

{{/* Labels for the objects that belong to the release rather than one service (the RabbitmqCluster). */}}
{{- define "involvement.releaseLabels" -}}
app.kubernetes.io/name: {{ include "involvement.rabbitmqClusterName" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: broker
app.kubernetes.io/part-of: involvement
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "involvement.chart" . }}
{{- end -}}

{{/* <registry>/<repositoryPrefix><svc>:<tag or appVersion>; "latest" is refused. */}}
{{- define "involvement.image" -}}
{{- $image := .root.Values.default.image -}}
{{- $tag := toString ($image.tag | default .root.Chart.AppVersion) -}}
{{- if eq (lower $tag) "latest" -}}
{{- fail "default.image.tag is \"latest\": pin a version (e.g. the chart's appVersion, or leave it empty to use it) so every replica and the migration job run the same build" -}}
{{- end -}}
{{- $registry := trimSuffix "/" $image.registry -}}
{{- if $registry -}}
{{- printf "%s/%s%s:%s" $registry $image.repositoryPrefix .svc $tag -}}
{{- else -}}
{{- printf "%s%s:%s" $image.repositoryPrefix .svc $tag -}}
{{- end -}}
{{- end -}}

{{- define "involvement.imagePullSecrets" -}}
{{- range .root.Values.default.image.pullSecrets }}
{{- if kindIs "string" . }}
- name: {{ . }}
{{- else }}
- name: {{ .name }}
{{- end }}
{{- end }}
{{- end -}}

{{/* ---------------------------------------------------------------- database and broker */}}

{{/* Name of the CloudNativePG Cluster of a service's database: <release>-<svc>-db, at most 50 characters (the
   operator adds suffixes to it for pods, jobs and Services). */}}
{{- define "involvement.dbClusterName" -}}
{{- include "involvement.releaseName" (dict "root" .root "suffix" (printf "-%s-db" .svc) "max" 50) -}}
{{- end -}}

{{/* Name of the RabbitmqCluster: <release>-rabbitmq (also its Service's name, the broker host). At most 40
   characters: the operator adds suffixes ("-server", "-nodes") and the StatefulSet's pods add a hash. */}}
{{- define "involvement.rabbitmqClusterName" -}}
{{- include "involvement.releaseName" (dict "root" . "suffix" "-rabbitmq" "max" 40) -}}
{{- end -}}

{{/* Name of a service's messaging-topology User (and Permission); its generated Secret is <name>-user-credentials. */}}
{{- define "involvement.brokerUserName" -}}
{{- include "involvement.fullname" . -}}
{{- end -}}

{{- define "involvement.dbHost" -}}
{{- if .root.Values.operators.cloudnativePg.enabled -}}
{{- if .root.Values.default.database.host -}}
{{- fail "default.database.host is set while operators.cloudnativePg.enabled is true: the services would use the chart's CloudNativePG clusters, not that host. Clear one of the two" -}}
{{- end -}}
{{- printf "%s-rw" (include "involvement.dbClusterName" .) -}}
{{- else -}}
{{- required "default.database.host is required: the PostgreSQL server the services use (each service has its own database and user, see <service>.database), or set operators.cloudnativePg.enabled=true to have the chart create a CloudNativePG cluster per service" .root.Values.default.database.host -}}
{{- end -}}
{{- end -}}

{{- define "involvement.dbPort" -}}
{{- if .root.Values.operators.cloudnativePg.enabled -}}5432{{- else -}}{{ int64 .root.Values.default.database.port }}{{- end -}}
{{- end -}}

{{- define "involvement.dbSecretName" -}}
{{- if .root.Values.operators.cloudnativePg.enabled -}}
{{- printf "%s-app" (include "involvement.dbClusterName" .) -}}
{{- else -}}
{{- required "default.database.existingSecret is required: the Secret holding each service's database password" .root.Values.default.database.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "involvement.dbSecretKey" -}}
{{- if .root.Values.operators.cloudnativePg.enabled -}}
password
{{- else -}}
{{- required (printf "%s.database.passwordKey is required: the key of %s's database password in the Secret %s" .svc .svc .root.Values.default.database.existingSecret) .cfg.database.passwordKey -}}
{{- end -}}
{{- end -}}

{{/* Npgsql connection string without a password (Database__Password, from a Secret, supplies it). */}}
{{- define "involvement.connectionString" -}}
{{- $db := .root.Values.default.database -}}
{{- printf "Host=%s;Port=%s;Database=%s;Username=%s;SSL Mode=%s" (include "involvement.dbHost" .) (include "involvement.dbPort" .) .cfg.database.name .cfg.database.username $db.sslMode -}}
{{- end -}}

{{- define "involvement.brokerHost" -}}
{{- if .root.Values.operators.rabbitmq.enabled -}}
{{- if .root.Values.default.broker.host -}}
{{- fail "default.broker.host is set while operators.rabbitmq.enabled is true: the services would use the chart's RabbitmqCluster, not that host. Clear one of the two" -}}
{{- end -}}
{{- include "involvement.rabbitmqClusterName" .root -}}
{{- else -}}
{{- required "default.broker.host is required: the RabbitMQ host the services use (each service has its own user, see <service>.broker), or set operators.rabbitmq.enabled=true to have the chart create a RabbitmqCluster" .root.Values.default.broker.host -}}
{{- end -}}
{{- end -}}

{{- define "involvement.brokerPort" -}}
{{- if .root.Values.operators.rabbitmq.enabled -}}5672{{- else -}}{{ int64 .root.Values.default.broker.port }}{{- end -}}
{{- end -}}

{{- define "involvement.brokerSecretName" -}}
{{- if .root.Values.operators.rabbitmq.enabled -}}
{{- printf "%s-user-credentials" (include "involvement.brokerUserName" .) -}}
{{- else -}}
{{- required "default.broker.existingSecret is required: the Secret holding each service's RabbitMQ password" .root.Values.default.broker.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "involvement.brokerSecretKey" -}}
{{- if .root.Values.operators.rabbitmq.enabled -}}
password
{{- else -}}
{{- required (printf "%s.broker.passwordKey is required: the key of %s's RabbitMQ password in the Secret %s" .svc .svc .root.Values.default.broker.existingSecret) .cfg.broker.passwordKey -}}
{{- end -}}
{{- end -}}

{{- define "involvement.quorumQueues" -}}
{{- if .root.Values.operators.rabbitmq.enabled -}}true{{- else -}}{{ .root.Values.default.broker.quorumQueues | default false }}{{- end -}}
{{- end -}}

{{/*
The RabbitMQ permissions of a service's own user, as regular expressions (configure, write, read). ONE place in the
chart, rendered into the messaging-topology Permission resources. tests/Involvement.TestKit/BrokerPermissions.cs is the
source of truth (the local run and tests grant the same patterns) and a chart test compares the two, so change both
together. Built from what each service publishes (its own events' exchanges, Involvement.Contracts.<Service>:<Event>)
and the contracts it consumes:
  configure: its own queues and endpoint exchanges (<svc>-...), the exchanges it publishes to and the ones it binds from
  write:     its own queues and endpoint exchanges, and its OWN events' exchanges only (nobody can forge another's)
  read:      its own queues, and the events' exchanges it binds its endpoints to
*/}}
{{- define "involvement.brokerPermissions" -}}
{{- $consumes := dict "recruitment" (list "Training") "payments" (list "Recruitment" "Training") "training" (list "Recruitment") "reporting" (list "Recruitment" "Payments" "Training") -}}
{{- $own := printf "%s-.*" .svc -}}
{{- $published := printf "Involvement\\.Contracts\\.%s:.*" (title .svc) -}}
{{- $consumed := printf "Involvement\\.Contracts\\.(%s):.*" (join "|" (index $consumes .svc)) -}}
configure: {{ printf "^(%s|%s|%s)$" $own $published $consumed | quote }}
write: {{ printf "^(%s|%s)$" $own $published | quote }}
read: {{ printf "^(%s|%s)$" $own $consumed | quote }}
{{- end -}}

{{/* ---------------------------------------------------------------- settings */}}

{{/* TimeSpan text (hh:mm:ss) of a number of seconds. */}}
{{- define "involvement.timespan" -}}
{{- $s := int64 . -}}
{{- printf "%02d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) -}}
{{- end -}}

{{/* Settings that are secrets: only ever from a Secret through secretKeyRef, never from <svc>.settings. */}}
{{- define "involvement.isSecretSetting" -}}
{{- $k := lower . -}}
{{- if or (eq $k "database__password") (eq $k "rabbitmq__password") (eq $k "auth__signingkey") (hasPrefix "payments__bankdetailskeys__" $k) -}}true{{- end -}}
{{- end -}}

{{/*
Auth__* settings into .env: the trust's identity provider (authority) and/or the development signing key, refused in
Production unless allowSigningKeyInProduction, as the services themselves refuse it (check-settings).
*/}}
{{- define "involvement.authSettings" -}}
{{- $a := .auth -}}
{{- if not (or $a.authority $a.existingSecret) -}}
{{- fail "default.auth.authority is required: the issuer URL of the trust's OpenID Connect provider (Auth__Authority; see docs/identity.md). A signing key (default.auth.existingSecret) is for development only" -}}
{{- end -}}
{{- if and $a.existingSecret (eq .environment "Production") (not $a.allowSigningKeyInProduction) -}}
{{- fail "default.auth.existingSecret names a shared signing key, which anyone holding it can mint any role's tokens with: Production refuses it. Use default.auth.authority, or set default.auth.allowSigningKeyInProduction: true to accept that risk explicitly" -}}
{{- end -}}
{{- if $a.authority -}}
{{- $_ := set .env "Auth__Authority" (toString $a.authority) -}}
{{- end -}}
{{- if $a.existingSecret -}}
{{- $_ := set .env "Auth__Issuer" (required "default.auth.issuer is required with a signing key: the issuer (iss) its tokens carry, Auth__Issuer" $a.issuer) -}}
{{- else if $a.issuer -}}
{{- $_ := set .env "Auth__Issuer" (toString $a.issuer) -}}
{{- end -}}
{{- if $a.allowSigningKeyInProduction -}}
{{- $_ := set .env "Auth__AllowSigningKeyInProduction" "true" -}}
{{- end -}}
{{- $_ := set .env "Auth__Audience" (join "," (required "default.auth.audiences is required: the audiences (aud) bearer tokens carry, Auth__Audience" $a.audiences)) -}}
{{- $_ := set .env "Auth__RoleClaimPath" (toString $a.roleClaimPath) -}}
{{- $_ := set .env "Auth__MemberIdClaim" (toString $a.memberIdClaim) -}}
{{- end -}}

{{/*
The non-secret environment of a service (its ConfigMap's data), as YAML. The chart's own entries first, then every
entry of <svc>.settings; a setting may not repeat an entry the chart makes (set the value it comes from instead) and
may not be a secret.
*/}}
{{- define "involvement.configData" -}}
{{- $root := .root -}}
{{- $d := $root.Values.default -}}
{{- $env := dict -}}
{{- $_ := set $env "ASPNETCORE_ENVIRONMENT" (toString $d.environment) -}}
{{- $_ := set $env "ConnectionStrings__Database" (include "involvement.connectionString" .) -}}
{{- $_ := set $env "Database__MigrateOnStart" "false" -}}
{{- $_ := set $env "RabbitMq__Host" (include "involvement.brokerHost" .) -}}
{{- $_ := set $env "RabbitMq__Port" (include "involvement.brokerPort" .) -}}
{{- $_ := set $env "RabbitMq__VirtualHost" (toString $d.broker.virtualHost) -}}
{{- if not $root.Values.operators.rabbitmq.enabled -}}
{{- $_ := set $env "RabbitMq__Username" (required (printf "%s.broker.username is required: %s's own RabbitMQ user" .svc .svc) .cfg.broker.username) -}}
{{- end -}}
{{- $_ := set $env "RabbitMq__QuorumQueues" (include "involvement.quorumQueues" .) -}}
{{- include "involvement.authSettings" (dict "auth" $d.auth "env" $env "environment" (toString $d.environment)) -}}
{{- if $d.telemetry.otlpEndpoint -}}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" (toString $d.telemetry.otlpEndpoint) -}}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_PROTOCOL" (toString ($d.telemetry.otlpProtocol | default "grpc")) -}}
{{- $_ := set $env "OTEL_SERVICE_NAME" (printf "involvement-%s" .svc) -}}
{{- end -}}
{{- $_ := set $env "Kestrel__Endpoints__Grpc__Url" "http://0.0.0.0:8080" -}}
{{- $_ := set $env "Kestrel__Endpoints__Management__Url" "http://0.0.0.0:9090" -}}
{{- $_ := set $env "Kestrel__Endpoints__Rest__Url" "http://0.0.0.0:8081" -}}
{{- $_ := set $env "Shutdown__DrainDelay" (include "involvement.timespan" $d.shutdown.drainDelaySeconds) -}}
{{- $_ := set $env "Shutdown__Timeout" (include "involvement.timespan" $d.shutdown.timeoutSeconds) -}}
{{- if eq .svc "payments" -}}
{{- $bank := .cfg.bankDetails -}}
{{- if not $bank.keyIds -}}
{{- fail "payments.bankDetails.keyIds is empty: list at least one key id (each a key in the Secret payments.bankDetails.existingSecret holding 32 random bytes in base64)" -}}
{{- end -}}
{{- if not (has (toString $bank.currentKeyId) $bank.keyIds) -}}
{{- fail (printf "payments.bankDetails.currentKeyId %q is not one of payments.bankDetails.keyIds %v: new bank details are encrypted under it, so it must be supplied" (toString $bank.currentKeyId) $bank.keyIds) -}}
{{- end -}}
{{- $_ := set $env "Payments__BankDetailsCurrentKeyId" (toString $bank.currentKeyId) -}}
{{- end -}}
{{- if eq .svc "reporting" -}}
{{- /* Reporting says "not deployed" for the metrics of services this release does not enable. Generated only. */ -}}
{{- $i := 0 -}}
{{- range $other := list "recruitment" "payments" "training" -}}
{{- if not (index $root.Values $other).enabled -}}
{{- $_ := set $env (printf "Reporting__NotDeployed__%d" $i) $other -}}
{{- $i = add1 $i -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- /* The OTLP endpoint comes from default.telemetry.otlpEndpoint (which also opens the NetworkPolicy's OTLP egress). */ -}}
{{- $owned := dict "otel_exporter_otlp_endpoint" true "otel_exporter_otlp_protocol" true "otel_service_name" true -}}
{{- range $key := keys $env -}}
{{- $_ := set $owned (lower $key) true -}}
{{- end -}}
{{- range $key, $value := .cfg.settings -}}
{{- if include "involvement.isSecretSetting" $key -}}
{{- fail (printf "%s.settings.%s looks like a secret: secrets are never values. Create a Kubernetes Secret and name it in the chart's existingSecret values (database, broker, auth, payments.bankDetails)" $.svc $key) -}}
{{- end -}}
{{- if contains "password=" (lower (toString $value)) -}}
{{- fail (printf "%s.settings.%s holds a password: secrets are never values; the chart reads each password from the Secret named in default.database/default.broker" $.svc $key) -}}
{{- end -}}
{{- if hasPrefix "reporting__notdeployed__" (lower $key) -}}
{{- fail (printf "%s.settings.%s: Reporting__NotDeployed__N is generated from the services this release does not enable; enable or disable services instead" $.svc $key) -}}
{{- end -}}
{{- if hasKey $owned (lower $key) -}}
{{- fail (printf "%s.settings.%s is set by the chart (from default.*, <service>.database/broker or the fixed ports); change the value it comes from instead" $.svc $key) -}}
{{- end -}}
{{- $_ := set $env $key (toString $value) -}}
{{- end -}}
{{- range $key := keys $env | sortAlpha }}
{{ $key }}: {{ index $env $key | quote }}
{{- end -}}
{{- end -}}

{{/* env entries read from Secrets (secretKeyRef only): the database password, for the migration Job too. */}}
{{- define "involvement.databaseSecretEnv" -}}
- name: Database__Password
  valueFrom:
    secretKeyRef:
      name: {{ include "involvement.dbSecretName" . }}
      key: {{ include "involvement.dbSecretKey" . }}
{{- end -}}

{{/* env entries read from Secrets for a running service: database, broker, signing key, bank-details keys. */}}
{{- define "involvement.secretEnv" -}}
{{ include "involvement.databaseSecretEnv" . }}
{{- if .root.Values.operators.rabbitmq.enabled }}
{{- /* The topology operator generates the user's name as well as its password. */}}
- name: RabbitMq__Username
  valueFrom:
    secretKeyRef:
      name: {{ include "involvement.brokerSecretName" . }}
      key: username
{{- end }}
- name: RabbitMq__Password
  valueFrom:
    secretKeyRef:
      name: {{ include "involvement.brokerSecretName" . }}
      key: {{ include "involvement.brokerSecretKey" . }}
{{- with .root.Values.default.auth.existingSecret }}
- name: Auth__SigningKey
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ required "default.auth.signingKeyKey is required: the key of the token signing key in default.auth.existingSecret" $.root.Values.default.auth.signingKeyKey }}
{{- end }}
{{- if eq .svc "payments" }}
{{- $secret := required "payments.bankDetails.existingSecret is required: the Secret holding the bank-details keys by key id" .cfg.bankDetails.existingSecret }}
{{- range $id := .cfg.bankDetails.keyIds }}
- name: Payments__BankDetailsKeys__{{ $id }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $id }}
{{- end }}
{{- end }}
{{- end -}}

{{/* ---------------------------------------------------------------- pods */}}

{{/* Pod-level settings shared by the Deployment and the migration Job (under spec.template.spec). */}}
{{- define "involvement.podCommon" -}}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with .root.Values.default.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with include "involvement.imagePullSecrets" . }}
imagePullSecrets:
  {{- . | nindent 2 }}
{{- end }}
{{- with .root.Values.default.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.default.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 256Mi
{{- end -}}

{{/* Container-level settings shared by the Deployment and the migration Job. */}}
{{- define "involvement.containerCommon" -}}
image: {{ include "involvement.image" . }}
imagePullPolicy: {{ .root.Values.default.image.pullPolicy | default "IfNotPresent" }}
{{- with .root.Values.default.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with include "involvement.resources" . }}
resources:
  {{- . | nindent 2 }}
{{- end }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}

{{/* Resources: the service's block merged over default.resources. */}}
{{- define "involvement.resources" -}}
{{- $r := mergeOverwrite (deepCopy (.root.Values.default.resources | default dict)) (deepCopy (.cfg.resources | default dict)) -}}
{{- if $r }}{{ toYaml $r }}{{ end -}}
{{- end -}}

{{/* Whether the service runs more than one pod (for the PDB). */}}
{{- define "involvement.multiReplica" -}}
{{- if or .cfg.autoscaling.enabled (gt (int .cfg.replicas) 1) -}}true{{- end -}}
{{- end -}}

{{/* ---------------------------------------------------------------- network policy */}}

{{/* Egress to DNS: networkPolicy.egress.dns's port (UDP and TCP) to its peers (kube-system by default). */}}
{{- define "involvement.egressDns" -}}
{{- $dns := .root.Values.networkPolicy.egress.dns -}}
{{- if $dns.to -}}
- to:
    {{- toYaml $dns.to | nindent 4 }}
  ports:
{{- else -}}
- ports:
{{- end }}
    - port: {{ int64 $dns.port }}
      protocol: UDP
    - port: {{ int64 $dns.port }}
      protocol: TCP
{{- end -}}

{{/*
Egress rules to one backend: the operator-made pods in the release namespace (when the operator is on) and the
configured networkPolicy.egress.<backend> peers on its port. With the operator off and no peers, the port is open to
any destination (Kubernetes' meaning of a rule without "to"); list peers to narrow it.
Takes dict: egress (networkPolicy.egress.<backend>), port (the port the services connect to: the same value their
settings use, so the two cannot disagree), operatorPods (matchLabels, or nil), operatorPort.
*/}}
{{- define "involvement.egressTo" -}}
{{- if .operatorPods }}
- to:
    - podSelector:
        matchLabels:
          {{- toYaml .operatorPods | nindent 10 }}
  ports:
    - port: {{ int64 .operatorPort }}
      protocol: TCP
{{- end }}
{{- if .egress.to }}
- to:
    {{- toYaml .egress.to | nindent 4 }}
  ports:
    - port: {{ int64 .port }}
      protocol: TCP
{{- else if not .operatorPods }}
- ports:
    - port: {{ int64 .port }}
      protocol: TCP
{{- end }}
{{- end -}}

{{/* Egress to the service's PostgreSQL database. */}}
{{- define "involvement.egressPostgres" -}}
{{- $pods := "" -}}
{{- if .root.Values.operators.cloudnativePg.enabled -}}
{{- $pods = dict "cnpg.io/cluster" (include "involvement.dbClusterName" .) -}}
{{- end -}}
{{- include "involvement.egressTo" (dict "egress" .root.Values.networkPolicy.egress.postgres "port" .root.Values.default.database.port "operatorPods" $pods "operatorPort" 5432) | trim -}}
{{- end -}}

{{/* Egress to RabbitMQ. */}}
{{- define "involvement.egressRabbitmq" -}}
{{- $pods := "" -}}
{{- if .root.Values.operators.rabbitmq.enabled -}}
{{- $pods = dict "app.kubernetes.io/name" (include "involvement.rabbitmqClusterName" .root) -}}
{{- end -}}
{{- include "involvement.egressTo" (dict "egress" .root.Values.networkPolicy.egress.rabbitmq "port" .root.Values.default.broker.port "operatorPods" $pods "operatorPort" 5672) | trim -}}
{{- end -}}

{{/* The OTLP collector's port: the one in default.telemetry.otlpEndpoint, else the protocol's standard port. */}}
{{/* The port of default.auth.authority: the one its URL names, else 443 (https). */}}
{{- define "involvement.authorityPort" -}}
{{- $host := (urlParse .Values.default.auth.authority).host -}}
{{- if regexMatch ":[0-9]+$" $host -}}
{{- regexFind "[0-9]+$" $host -}}
{{- else -}}
443
{{- end -}}
{{- end -}}

{{- define "involvement.otlpPort" -}}
{{- $t := .Values.default.telemetry -}}
{{- $host := (urlParse $t.otlpEndpoint).host -}}
{{- if regexMatch ":[0-9]+$" $host -}}
{{- regexFind "[0-9]+$" $host -}}
{{- else if eq ($t.otlpProtocol | default "grpc") "grpc" -}}
4317
{{- else -}}
4318
{{- end -}}
{{- end -}}
