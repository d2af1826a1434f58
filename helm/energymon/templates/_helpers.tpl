{{- define "energymon.labels" -}}
app.kubernetes.io/part-of: energymon
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "energymon.image" -}}
{{- $root := index . 0 -}}{{- $svc := index . 1 -}}
{{- $tag := default $root.Chart.AppVersion $root.Values.image.tag -}}
{{- if $root.Values.image.registry -}}{{ $root.Values.image.registry }}/{{- end -}}{{ $svc.image }}:{{ $tag }}
{{- end -}}
