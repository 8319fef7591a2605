package main

import (
	"fmt"
	"os"
	"strings"
)

// clusterObjects stands in for the objects already in the cluster, so `lookup` can find them as it would during a
// real `helm upgrade` (helm template finds nothing). Keyed by apiVersion/kind/namespace/name.
var clusterObjects = map[string]map[string]interface{}{}

func clusterKey(apiVersion, kind, namespace, name string) string {
	return apiVersion + "/" + kind + "/" + namespace + "/" + name
}

// readClusterObjects loads a multi-document manifest (such as an earlier render's output) as the cluster's objects;
// an object without a namespace is taken to be in the release's.
func readClusterObjects(path, namespace string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, doc := range strings.Split("\n"+string(raw), "\n---") {
		v, err := yamlToJSONValue(doc)
		if err != nil {
			return fmt.Errorf("failed to parse %s: %w", path, err)
		}
		obj, ok := v.(map[string]interface{})
		if !ok {
			continue
		}
		meta, _ := obj["metadata"].(map[string]interface{})
		ns, _ := meta["namespace"].(string)
		if ns == "" {
			ns = namespace
		}
		apiVersion, _ := obj["apiVersion"].(string)
		kind, _ := obj["kind"].(string)
		name, _ := meta["name"].(string)
		clusterObjects[clusterKey(apiVersion, kind, ns, name)] = obj
	}
	return nil
}

// lookup is Helm's: the object if the cluster has it, else an empty map (a list lookup with no name is not needed here).
func lookup(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
	if obj, ok := clusterObjects[clusterKey(apiVersion, kind, namespace, name)]; ok {
		return obj, nil
	}
	return map[string]interface{}{}, nil
}
