package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	gotemplate "text/template"

	"github.com/Masterminds/semver/v3"
	"github.com/Masterminds/sprig/v3"
	"gopkg.in/yaml.v2"
)

// defaultKubeVersion is what .Capabilities.KubeVersion says unless --kube-version is given (helm template uses the
// version of the Kubernetes client it was built with).
const defaultKubeVersion = "v1.31.0"

// KubeVersion is .Capabilities.KubeVersion.
type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

func (kv *KubeVersion) String() string     { return kv.Version }
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet is .Capabilities.APIVersions.
type VersionSet []string

// Has is true for a known "group/version" or "group/version/Kind".
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// Capabilities is .Capabilities.
type Capabilities struct {
	KubeVersion *KubeVersion
	APIVersions VersionSet
	HelmVersion map[string]string
}

// builtIn are the API versions (and kinds) every supported cluster serves; CRD APIs come only from --api-versions,
// as with `helm template --api-versions`.
var builtIn = map[string][]string{
	"v1":                              {"ConfigMap", "Secret", "Service", "ServiceAccount", "Pod", "Namespace", "PersistentVolumeClaim", "Endpoints"},
	"apps/v1":                         {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"},
	"batch/v1":                        {"Job", "CronJob"},
	"policy/v1":                       {"PodDisruptionBudget"},
	"autoscaling/v1":                  {"HorizontalPodAutoscaler"},
	"autoscaling/v2":                  {"HorizontalPodAutoscaler"},
	"networking.k8s.io/v1":            {"NetworkPolicy", "Ingress", "IngressClass"},
	"rbac.authorization.k8s.io/v1":    {"Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"},
	"storage.k8s.io/v1":               {"StorageClass"},
	"apiextensions.k8s.io/v1":         {"CustomResourceDefinition"},
	"admissionregistration.k8s.io/v1": {"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"},
	"coordination.k8s.io/v1":          {"Lease"},
	"discovery.k8s.io/v1":             {"EndpointSlice"},
	"events.k8s.io/v1":                {"Event"},
	"scheduling.k8s.io/v1":            {"PriorityClass"},
	"node.k8s.io/v1":                  {"RuntimeClass"},
	"certificates.k8s.io/v1":          {"CertificateSigningRequest"},
	"authentication.k8s.io/v1":        {"TokenReview"},
	"authorization.k8s.io/v1":         {"SubjectAccessReview"},
	"apiregistration.k8s.io/v1":       {"APIService"},
}

func newCapabilities(kubeVersion string, extra []string) (*Capabilities, error) {
	v, err := semver.NewVersion(kubeVersion)
	if err != nil {
		return nil, fmt.Errorf("invalid kube version %q: %w", kubeVersion, err)
	}
	var set VersionSet
	for gv, kinds := range builtIn {
		set = append(set, gv)
		for _, k := range kinds {
			set = append(set, gv+"/"+k)
		}
	}
	set = append(set, extra...)
	return &Capabilities{
		KubeVersion: &KubeVersion{Version: "v" + v.String(), Major: fmt.Sprint(v.Major()), Minor: fmt.Sprint(v.Minor())},
		APIVersions: set,
		HelmVersion: map[string]string{"Version": "v3.16.0", "GitCommit": "", "GoVersion": ""},
	}, nil
}

func checkKubeVersion(constraint string, kv *KubeVersion) error {
	if constraint == "" {
		return nil
	}
	c, err := semver.NewConstraint(constraint)
	if err != nil {
		return fmt.Errorf("invalid kubeVersion constraint %q in Chart.yaml: %w", constraint, err)
	}
	v, err := semver.NewVersion(kv.Version)
	if err != nil {
		return err
	}
	if !c.Check(v) {
		return fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", constraint, kv.Version)
	}
	return nil
}

const recursionMax = 1000

// warnRegex finds the message `required` and `fail` wrap, so errors read like Helm's "execution error at (...)".
var warnRegex = regexp.MustCompile(`HELM\[((?s).*)\]HELM`)

func warnWrap(msg string) string { return "HELM[" + msg + "]HELM" }

// funcMap is sprig's text functions without env/expandenv, plus Helm's own.
func funcMap(t *gotemplate.Template, included map[string]int) gotemplate.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	extra := gotemplate.FuncMap{
		"toYaml":        toYAML,
		"mustToYaml":    mustToYAML,
		"toYamlPretty":  toYAMLPretty,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"include":       includeFun(t, included),
		"tpl":           tplFun(t, included),
		"required": func(warn string, val interface{}) (interface{}, error) {
			if val == nil {
				return val, errors.New(warnWrap(warn))
			}
			if s, ok := val.(string); ok && s == "" {
				return val, errors.New(warnWrap(warn))
			}
			return val, nil
		},
		"fail": func(msg string) (string, error) { return "", errors.New(warnWrap(msg)) },
		// helm template has no cluster: lookup finds nothing, unless --existing names objects (cluster.go).
		"lookup": lookup,
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func includeFun(t *gotemplate.Template, included map[string]int) func(string, interface{}) (string, error) {
	return func(name string, data interface{}) (string, error) {
		if included[name] > recursionMax {
			return "", fmt.Errorf("unable to execute template: rendering template has a nested reference name: %s", name)
		}
		included[name]++
		defer func() { included[name]-- }()
		var buf strings.Builder
		err := t.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
}

func tplFun(parent *gotemplate.Template, included map[string]int) func(string, interface{}) (string, error) {
	return func(text string, vals interface{}) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Option("missingkey=zero")
		t.Funcs(gotemplate.FuncMap{"include": includeFun(t, included), "tpl": tplFun(t, included)})
		t, err = t.New(parent.Name()).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, vals); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
}

// toYAML marshals as sigs.k8s.io/yaml does (JSON first, then YAML with sorted keys); errors give "".
func toYAML(v interface{}) string {
	s, err := mustToYAML(v)
	if err != nil {
		return ""
	}
	return s
}

func mustToYAML(v interface{}) (string, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var y interface{}
	if err := yaml.Unmarshal(j, &y); err != nil {
		return "", err
	}
	out, err := yaml.Marshal(y)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

func toYAMLPretty(v interface{}) string { return toYAML(v) }

func fromYAML(s string) map[string]interface{} {
	v, err := yamlToJSONValue(s)
	if err != nil {
		return map[string]interface{}{"Error": err.Error()}
	}
	if m, ok := v.(map[string]interface{}); ok {
		return m
	}
	if v == nil {
		return map[string]interface{}{}
	}
	return map[string]interface{}{"Error": "error unmarshaling JSON: cannot unmarshal into a map"}
}

func fromYAMLArray(s string) []interface{} {
	v, err := yamlToJSONValue(s)
	if err != nil {
		return []interface{}{err.Error()}
	}
	if l, ok := v.([]interface{}); ok {
		return l
	}
	return []interface{}{}
}

func toJSON(v interface{}) string {
	j, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(j)
}

func fromJSON(s string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(s string) []interface{} {
	var l []interface{}
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		return []interface{}{err.Error()}
	}
	return l
}

// render parses every file under templates/ into one template set and executes each one that is not a partial
// (name starting with "_") or NOTES.txt — or, with notes, only NOTES.txt (what helm install prints). It returns the
// rendered text by template name, in name order.
func render(c *chart, top map[string]interface{}, notes bool) ([]renderedFile, error) {
	included := map[string]int{}
	t := gotemplate.New("gotpl")
	t.Option("missingkey=zero")
	t.Funcs(funcMap(t, included))
	for _, tpl := range c.Templates {
		if _, err := t.New(tpl.name).Parse(tpl.text); err != nil {
			return nil, fmt.Errorf("parse error at (%s): %w", tpl.name, err)
		}
	}
	var out []renderedFile
	for _, tpl := range c.Templates {
		base := path.Base(tpl.name)
		if strings.HasPrefix(base, "_") || (base == "NOTES.txt") != notes {
			continue
		}
		vals := make(map[string]interface{}, len(top)+1)
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]interface{}{"Name": tpl.name, "BasePath": path.Join(c.Metadata.Name, "templates")}
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, tpl.name, vals); err != nil {
			return nil, cleanupExecError(tpl.name, err)
		}
		out = append(out, renderedFile{name: tpl.name, text: strings.ReplaceAll(buf.String(), "<no value>", "")})
	}
	return out, nil
}

type renderedFile struct {
	name string
	text string
}

// cleanupExecError words `required` and `fail` messages as Helm does: execution error at (file:line:col): message.
func cleanupExecError(filename string, err error) error {
	var execErr gotemplate.ExecError
	if !errors.As(err, &execErr) {
		return err
	}
	tokens := strings.SplitN(err.Error(), ": ", 3)
	if len(tokens) != 3 {
		return fmt.Errorf("execution error at (%s): %s", filename, err)
	}
	if parts := warnRegex.FindStringSubmatch(tokens[2]); len(parts) >= 2 {
		return fmt.Errorf("execution error at (%s): %s", tokens[1], parts[1])
	}
	return err
}
