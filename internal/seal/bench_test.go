package seal

import (
	"encoding/json"
	"testing"
	"time"
)

// BenchmarkOpen opens a login transaction cookie as the connection flow seals
// it: connection, state, PKCE verifier and return path as JSON.
func BenchmarkOpen(b *testing.B) {
	k, err := NewKeys(GenerateKey(), GenerateKey())
	if err != nil {
		b.Fatal(err)
	}
	plain, _ := json.Marshal(map[string]string{
		"c": "bench", "s": "Vbf5pNkMxJ2hYv9aTq3Lr8WcZ0eUo1GiD4sKn7yXjQw",
		"v": "q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C", "r": "/",
	})
	const name = "sc_tx_abcdefghijklmnop"
	v, err := k.Seal(name, plain, t0, time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Open(name, v, t0); err != nil {
			b.Fatal(err)
		}
	}
}
