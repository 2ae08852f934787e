{{/* Returns the chart's short name. */}}
{{- define "kexin.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Returns the release's full name, used to name every object. */}}
{{- define "kexin.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "kexin.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "kexin.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Returns the labels that select the pods. */}}
{{- define "kexin.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kexin.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Returns the labels of every object. */}}
{{- define "kexin.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "kexin.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Returns the policy directory the gateway reads. */}}
{{- define "kexin.policiesDir" -}}
{{- if .Values.policies.fromImage }}/opt/kexin/policies{{ else }}/etc/kexin/policies{{ end }}
{{- end }}

{{/* Returns the files of the policy pack the chart puts in its ConfigMap: path in the pack → content. */}}
{{- define "kexin.policyFiles" -}}
{{- $files := dict }}
{{- if .Values.policies.shipped }}
{{- range $path, $_ := .Files.Glob "files/policies/**" }}
{{- $_ := set $files (trimPrefix "files/policies/" $path) ($.Files.Get $path) }}
{{- end }}
{{- end }}
{{- range $path, $content := .Values.policies.files }}
{{- $_ := set $files $path $content }}
{{- end }}
{{- toJson $files }}
{{- end }}

{{/* Says whether the chart makes the policies ConfigMap. */}}
{{- define "kexin.ownPolicies" -}}
{{- if and (not .Values.policies.fromImage) (not .Values.policies.existingConfigMap) }}true{{ end }}
{{- end }}

{{/* Says whether a site directory is layered over the pack: the chart's site ConfigMap, or one of yours. */}}
{{- define "kexin.site" -}}
{{- if or .Values.policies.site.files .Values.policies.site.existingConfigMap }}true{{ end }}
{{- end }}

{{/* Returns the data of a ConfigMap of files ("files": path → content), or fails naming "what" and "way" out when
they do not fit in one. */}}
{{- define "kexin.fileData" -}}
{{- $size := 0 }}
{{- range $path, $content := .files }}
{{- $size = add $size (len $content) }}
{{- end }}
{{- if gt (int $size) 1000000 }}
{{- fail (printf "%s: %d bytes do not fit in a ConfigMap (limit 1 MiB with its metadata): %s" .what (int $size) .way) }}
{{- end }}
{{- range $path, $content := .files }}
{{ include "kexin.policyKey" $path }}: {{ $content | quote }}
{{- end }}
{{- end }}

{{/* Returns a ConfigMap key for a path in the pack: keys are flat, so "/" becomes "--". */}}
{{- define "kexin.policyKey" -}}
{{- . | replace "/" "--" }}
{{- end }}

{{/* Returns gateway.yaml: the values' config with the chart's policy and site directories and shutdown timings. */}}
{{- define "kexin.gatewayYaml" -}}
{{- $cfg := deepCopy .Values.config }}
{{- $policies := dict "dir" (include "kexin.policiesDir" .) }}
{{- if include "kexin.site" . }}
{{- $_ := set $policies "site" "/etc/kexin/site" }}
{{- end }}
{{- $_ := set $cfg "policies" $policies }}
{{- $limits := deepCopy (default dict $cfg.limits) }}
{{- $_ := set $limits "shutdownDelay" (printf "%ds" (int .Values.shutdown.delaySeconds)) }}
{{- $_ := set $limits "shutdownGrace" (printf "%ds" (int .Values.shutdown.graceSeconds)) }}
{{- $_ := set $cfg "limits" $limits }}
{{- toYaml $cfg }}
{{- end }}

{{/* Returns the proxy listener's port. */}}
{{- define "kexin.proxyPort" -}}
{{- int (dig "listeners" "proxy" "port" 8080 .Values.config) }}
{{- end }}

{{/* Returns the admin listener's port. */}}
{{- define "kexin.adminPort" -}}
{{- int (dig "listeners" "admin" "port" 9090 .Values.config) }}
{{- end }}

{{/* Returns the Secret with the provider keys, if any. */}}
{{- define "kexin.secretName" -}}
{{- if .Values.existingSecret }}{{ .Values.existingSecret }}{{ else if .Values.providerKeys }}{{ include "kexin.fullname" . }}{{ end }}
{{- end }}
