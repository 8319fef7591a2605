package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v2"
)

// readValuesFile reads a values file as Helm does: YAML converted to JSON and decoded, so numbers are float64 and
// every map is map[string]interface{}.
func readValuesFile(path string) (map[string]interface{}, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	v, err := yamlToJSONValue(string(raw))
	if err != nil {
		return nil, fmt.Errorf("failed to parse %s: %w", path, err)
	}
	if v == nil {
		return map[string]interface{}{}, nil
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("failed to parse %s: the top level is not a map", path)
	}
	return m, nil
}

// yamlToJSONValue decodes YAML the way sigs.k8s.io/yaml does (the library Helm uses): YAML to JSON, then JSON to Go.
func yamlToJSONValue(s string) (interface{}, error) {
	var y interface{}
	if err := yaml.Unmarshal([]byte(s), &y); err != nil {
		return nil, err
	}
	j, err := json.Marshal(jsonCompatible(y))
	if err != nil {
		return nil, err
	}
	var out interface{}
	if err := json.Unmarshal(j, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// jsonCompatible turns yaml.v2's map[interface{}]interface{} into map[string]interface{}, recursively.
func jsonCompatible(v interface{}) interface{} {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, val := range t {
			m[fmt.Sprint(k)] = jsonCompatible(val)
		}
		return m
	case []interface{}:
		l := make([]interface{}, len(t))
		for i, val := range t {
			l[i] = jsonCompatible(val)
		}
		return l
	default:
		return v
	}
}

// mergeMaps merges -f files as Helm does: maps merge key by key, anything else in b replaces a.
func mergeMaps(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if vm, ok := v.(map[string]interface{}); ok {
			if bv, ok := out[k].(map[string]interface{}); ok {
				out[k] = mergeMaps(bv, vm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// coalesceValues fills the user's values from the chart's defaults (Helm's CoalesceValues): tables merge, a user
// value wins, and a user null deletes the default.
func coalesceValues(user, defaults map[string]interface{}) map[string]interface{} {
	return coalesceTables(user, deepCopy(defaults).(map[string]interface{}), "")
}

func coalesceTables(dst, src map[string]interface{}, prefix string) map[string]interface{} {
	for key, val := range src {
		full := strings.TrimPrefix(prefix+"."+key, ".")
		dv, present := dst[key]
		switch {
		case present && dv == nil:
			delete(dst, key)
		case !present:
			dst[key] = val
		case isTable(val):
			if isTable(dv) {
				coalesceTables(dv.(map[string]interface{}), val.(map[string]interface{}), full)
			} else {
				fmt.Fprintf(os.Stderr, "coalesce.go: warning: cannot overwrite table with non table for %s (%v)\n", full, val)
			}
		case isTable(dv) && val != nil:
			fmt.Fprintf(os.Stderr, "coalesce.go: warning: destination for %s is a table. Ignoring non-table value (%v)\n", full, val)
		}
	}
	return dst
}

func isTable(v interface{}) bool {
	_, ok := v.(map[string]interface{})
	return ok
}

func deepCopy(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, val := range t {
			m[k] = deepCopy(val)
		}
		return m
	case []interface{}:
		l := make([]interface{}, len(t))
		for i, val := range t {
			l[i] = deepCopy(val)
		}
		return l
	default:
		return v
	}
}

// validateAgainstSchema checks the values with gojsonschema and words a failure as Helm 3 does.
func validateAgainstSchema(chartName string, values map[string]interface{}, schema []byte) error {
	valuesJSON, err := json.Marshal(values)
	if err != nil {
		return err
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(valuesJSON))
	if err != nil {
		return fmt.Errorf("%s: cannot use values.schema.json: %w", chartName, err)
	}
	if result.Valid() {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("values don't meet the specifications of the schema(s) in the following chart(s):\n")
	sb.WriteString(chartName + ":\n")
	for _, e := range result.Errors() {
		sb.WriteString(fmt.Sprintf("- %s\n", e))
	}
	return errors.New(strings.TrimSuffix(sb.String(), "\n"))
}
