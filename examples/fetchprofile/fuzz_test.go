package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseFlags feeds arbitrary script text, context JSON, timeout and
// token values through flag parsing: it must never panic, and either accept
// them as given or refuse them with a one-line usage error.
func FuzzParseFlags(f *testing.F) {
	f.Add("function(a, c, cb) { cb(null, {}); }", `{"access_token":"x"}`, "20s", "tok")
	f.Add("", `[]`, "0s", "")
	f.Add("x", `{"a":`, "-1m", "t")
	f.Add("x", "null", "1h", "t\nu")
	f.Add("x", `{"expires_in": 1e400}`, "abc", "t")
	f.Fuzz(func(t *testing.T, script, ctxJSON, timeout, token string) {
		dir := t.TempDir()
		sp := filepath.Join(dir, "s.js")
		cp := filepath.Join(dir, "c.json")
		if err := os.WriteFile(sp, []byte(script), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cp, []byte(ctxJSON), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := parseFlags([]string{"-script", sp, "-context", cp, "-timeout", timeout, "-access-token", token}, strings.NewReader(""))
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("not a usage error: %v", err)
			}
			return
		}
		if c.script != script {
			t.Fatalf("script changed: %q", c.script)
		}
		if c.tokenCtx == nil || c.timeout <= 0 || c.token != token || token == "" {
			t.Fatalf("accepted an unusable configuration: %+v", c)
		}
	})
}
