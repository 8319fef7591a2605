// Command chart-render renders a Helm chart the way `helm template` does, for the chart tests on machines without
// helm. It is test tooling only: nothing ships it and nothing deploys with it.
//
//	chart-render --chart DIR [-f values.yaml]... [--release NAME] [--namespace NS]
//	             [--api-versions a/v1,b/v1] [--kube-version v1.31.0] [--upgrade] [--existing manifest.yaml] [--notes]
//
// It prints the manifests as multi-document YAML, each document preceded by "# Source: <chart>/templates/<file>",
// and exits 1 with Helm-like error text when a value breaks values.schema.json or a template fails.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	var valueFiles fileList
	chartDir := flag.String("chart", "", "chart directory (holds Chart.yaml)")
	flag.Var(&valueFiles, "f", "values file merged over the chart's values.yaml (repeatable, later wins)")
	flag.Var(&valueFiles, "values", "same as -f")
	release := flag.String("release", "involvement", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	apiVersions := flag.String("api-versions", "", "extra API versions for .Capabilities.APIVersions, comma separated")
	kubeVersion := flag.String("kube-version", defaultKubeVersion, "Kubernetes version for .Capabilities.KubeVersion")
	upgrade := flag.Bool("upgrade", false, "render as an upgrade (.Release.IsUpgrade) instead of an install")
	notes := flag.Bool("notes", false, "print the rendered NOTES.txt (what helm install shows) instead of the manifests")
	existing := flag.String("existing", "", "manifest file of objects already in the cluster, for lookup (e.g. the install's render)")
	flag.Parse()

	if *chartDir == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: chart-render --chart DIR [-f values.yaml]... [--release NAME] [--namespace NS] [--api-versions a/v1,b/v1] [--kube-version v1.31.0] [--upgrade] [--existing manifest.yaml] [--notes]")
		os.Exit(2)
	}
	if *existing != "" {
		if err := readClusterObjects(*existing, *namespace); err != nil {
			fmt.Fprintf(os.Stderr, "Error: %s\n", err)
			os.Exit(1)
		}
	}
	out, err := run(options{
		chartDir:    *chartDir,
		valueFiles:  valueFiles,
		release:     *release,
		namespace:   *namespace,
		apiVersions: splitList(*apiVersions),
		kubeVersion: *kubeVersion,
		upgrade:     *upgrade,
		notes:       *notes,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %s\n", err)
		os.Exit(1)
	}
	fmt.Print(out)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

type options struct {
	chartDir    string
	valueFiles  []string
	release     string
	namespace   string
	apiVersions []string
	kubeVersion string
	upgrade     bool
	notes       bool
}

// run loads the chart and values, validates the values against the schema, renders every template and returns the
// manifests, like `helm template` (install or upgrade).
func run(o options) (string, error) {
	c, err := loadChart(o.chartDir)
	if err != nil {
		return "", err
	}
	caps, err := newCapabilities(o.kubeVersion, o.apiVersions)
	if err != nil {
		return "", err
	}
	if err := checkKubeVersion(c.Metadata.KubeVersion, caps.KubeVersion); err != nil {
		return "", err
	}
	user := map[string]interface{}{}
	for _, f := range o.valueFiles {
		v, err := readValuesFile(f)
		if err != nil {
			return "", err
		}
		user = mergeMaps(user, v)
	}
	values := coalesceValues(user, c.Values)
	if c.Schema != nil {
		if err := validateAgainstSchema(c.Metadata.Name, values, c.Schema); err != nil {
			return "", err
		}
	}
	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name":      o.release,
			"Namespace": o.namespace,
			"Service":   "Helm",
			"IsInstall": !o.upgrade,
			"IsUpgrade": o.upgrade,
			"Revision":  revision(o.upgrade),
		},
		"Chart":        c.Metadata,
		"Capabilities": caps,
		"Files":        c.Files,
	}
	rendered, err := render(c, top, o.notes)
	if err != nil {
		return "", err
	}
	if o.notes {
		if len(rendered) == 0 {
			return "", nil
		}
		return rendered[0].text, nil
	}
	return manifests(rendered)
}

func revision(upgrade bool) int {
	if upgrade {
		return 2
	}
	return 1
}
