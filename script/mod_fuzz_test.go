package script

import (
	"testing"

	"github.com/dop251/goja"
)

// fuzzModuleCall runs fn(require(mod)[name], input) and fails only on a Go
// panic; JavaScript exceptions are acceptable outcomes.
func fuzzModuleCall(f *testing.F, mod, expr string, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		h := newFakeHost(t)
		_ = h.rt.Set("__in", in)
		_, err := h.rt.RunString(`var m = require('` + mod + `'); ` + expr)
		if err != nil {
			if _, ok := err.(*goja.Exception); !ok {
				t.Fatalf("non-JavaScript error: %v", err)
			}
		}
	})
}

func FuzzURLParse(f *testing.F) {
	fuzzModuleCall(f, "url", `JSON.stringify(m.parse(__in, true)); m.format(m.parse(__in)); m.resolve('http://a.com/b/c', __in);`,
		"http://user:pass@Example.COM:8080/p?q=1#h", "//host", "javascript:x", "http://[::1", "\\\\x", "a:b@c@d/e", "%zz", "http://münchen.de")
}

func FuzzQuerystringParse(f *testing.F) {
	fuzzModuleCall(f, "querystring", `m.stringify(m.parse(__in)); m.unescape(__in); m.escape(__in);`,
		"a=1&a=2", "%E2%82%AC=%zz", "&&==", "a+b=c+d", "\xff\xfe=x")
}

func FuzzJWTDecode(f *testing.F) {
	fuzzModuleCall(f, "jsonwebtoken", `m.decode(__in, {complete: true}); try { m.verify(__in, 'k'); } catch (e) {} require('jwt-decode')(__in);`,
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig", "a.b.c", "..", "e30.e30.")
}
