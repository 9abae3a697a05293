// Package corpus locates the oauth2-recipes compatibility corpus for tests.
//
// The corpus lives outside the repository, in ../shared/corpus/oauth2-recipes
// beside the checkout, or wherever SOCIALCONN_CORPUS points. Tests that need it
// call Recipes: when the corpus is absent they skip with a clear message, unless
// the CI environment variable is set, in which case they fail.
package corpus

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// EnvVar names the environment variable that overrides the corpus location.
const EnvVar = "SOCIALCONN_CORPUS"

// Recipe is one connection definition of the corpus.
type Recipe struct {
	// Name is the file name without its .json extension.
	Name string
	// Path is the file's absolute path.
	Path string
	// JSON is the file's content.
	JSON []byte
}

// Dir returns the corpus folder (the one holding recipes/), or "" when it
// cannot be found.
func Dir() string {
	if d := os.Getenv(EnvVar); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	// Walk up to the module root (the folder with go.mod), then look beside it.
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			c := filepath.Join(filepath.Dir(d), "shared", "corpus", "oauth2-recipes")
			if _, err := os.Stat(filepath.Join(c, "recipes")); err == nil {
				return c
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Recipes returns every recipes/*.json of the corpus, sorted by name. When the
// corpus is missing it skips the test, or fails it when CI is set.
func Recipes(tb testing.TB) []Recipe {
	tb.Helper()
	dir := Dir()
	if dir == "" {
		msg := "oauth2-recipes corpus not found: put it at ../shared/corpus/oauth2-recipes beside the checkout or set " + EnvVar
		if os.Getenv("CI") != "" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	files, err := filepath.Glob(filepath.Join(dir, "recipes", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("corpus at %s has no recipes/*.json", dir)
	}
	sort.Strings(files)
	out := make([]Recipe, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatalf("read %s: %v", f, err)
		}
		base := filepath.Base(f)
		out = append(out, Recipe{Name: base[:len(base)-len(".json")], Path: f, JSON: b})
	}
	return out
}
