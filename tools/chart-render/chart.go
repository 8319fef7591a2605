package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v2"
)

// Metadata is Chart.yaml, with the field names templates use (.Chart.Name, .Chart.AppVersion, ...).
type Metadata struct {
	Name         string                   `yaml:"name"`
	Home         string                   `yaml:"home"`
	Sources      []string                 `yaml:"sources"`
	Version      string                   `yaml:"version"`
	Description  string                   `yaml:"description"`
	Keywords     []string                 `yaml:"keywords"`
	Maintainers  []map[string]string      `yaml:"maintainers"`
	Icon         string                   `yaml:"icon"`
	APIVersion   string                   `yaml:"apiVersion"`
	Condition    string                   `yaml:"condition"`
	Tags         string                   `yaml:"tags"`
	AppVersion   string                   `yaml:"appVersion"`
	Deprecated   bool                     `yaml:"deprecated"`
	Annotations  map[string]string        `yaml:"annotations"`
	KubeVersion  string                   `yaml:"kubeVersion"`
	Dependencies []map[string]interface{} `yaml:"dependencies"`
	Type         string                   `yaml:"type"`
}

// Files are the chart's non-template files, as .Files.Get reads them.
type Files map[string][]byte

// Get returns a file's content, or "" when the chart has no such file.
func (f Files) Get(name string) string { return string(f[name]) }

// GetBytes returns a file's content as bytes.
func (f Files) GetBytes(name string) []byte { return f[name] }

type template struct {
	name string // <chart>/templates/<file>, as Helm names it
	text string
}

type chart struct {
	Metadata  *Metadata
	Values    map[string]interface{}
	Schema    []byte
	Templates []template
	Files     Files
}

func loadChart(dir string) (*chart, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("Chart.yaml file is missing: %w", err)
	}
	md := &Metadata{}
	if err := yaml.UnmarshalStrict(raw, md); err != nil {
		return nil, fmt.Errorf("cannot load Chart.yaml: %w", err)
	}
	if md.Name == "" {
		return nil, fmt.Errorf("validation: chart.metadata.name is required")
	}
	if len(md.Dependencies) > 0 {
		return nil, fmt.Errorf("chart-render does not support chart dependencies")
	}
	c := &chart{Metadata: md, Values: map[string]interface{}{}, Files: Files{}}
	if _, err := os.Stat(filepath.Join(dir, "values.yaml")); err == nil {
		if c.Values, err = readValuesFile(filepath.Join(dir, "values.yaml")); err != nil {
			return nil, err
		}
	}
	if s, err := os.ReadFile(filepath.Join(dir, "values.schema.json")); err == nil {
		c.Schema = s
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasPrefix(rel, "templates/") {
			c.Templates = append(c.Templates, template{name: md.Name + "/" + rel, text: string(data)})
		} else if rel != "Chart.yaml" && rel != "values.yaml" && rel != "values.schema.json" {
			c.Files[rel] = data
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(c.Templates, func(i, j int) bool { return c.Templates[i].name < c.Templates[j].name })
	return c, nil
}
