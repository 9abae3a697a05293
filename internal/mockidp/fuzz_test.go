package mockidp_test

import (
	"testing"

	"github.com/socialconn/socialconn/internal/mockidp"
)

// FuzzLeaf issues certificates for arbitrary SNI names: never a panic, and a
// certificate that is returned is complete.
func FuzzLeaf(f *testing.F) {
	ca, err := mockidp.NewCA()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", "slack.com", "API.GitHub.com.", "127.0.0.1", "::1", "*.example.com", "a..b", "\x00", "ünïcode.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		c, err := ca.Leaf(name)
		if err != nil {
			return
		}
		if c.Leaf == nil || len(c.Certificate) != 2 || c.PrivateKey == nil {
			t.Fatalf("incomplete certificate for %q", name)
		}
	})
}
