package main

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v2"
)

// sep splits a rendered file into documents, with the expression Helm uses.
var sep = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

// manifests splits each rendered file into documents, drops empty ones (nothing but whitespace and comments),
// checks each parses as YAML and prints them with "# Source:" headers like `helm template`.
func manifests(files []renderedFile) (string, error) {
	var sb strings.Builder
	for _, f := range files {
		for _, doc := range sep.Split(strings.TrimSpace(f.text), -1) {
			doc = strings.TrimSpace(doc)
			if isEmptyDocument(doc) {
				continue
			}
			var head interface{}
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				return "", fmt.Errorf("YAML parse error on %s: %w", f.name, err)
			}
			if _, ok := head.(map[interface{}]interface{}); !ok {
				return "", fmt.Errorf("YAML parse error on %s: a manifest must be a map, got %T", f.name, head)
			}
			fmt.Fprintf(&sb, "---\n# Source: %s\n%s\n", f.name, doc)
		}
	}
	return sb.String(), nil
}

func isEmptyDocument(doc string) bool {
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}
