package seal

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// fuzzKeys are fixed so that committed seeds stay meaningful: values sealed
// with them by the seed generator below open during fuzzing.
func fuzzKeys(tb testing.TB) *Keys {
	k := mustKeys(tb, fixedKey(0x11), fixedKey(0x22))
	k.rand = &counter{}
	return k
}

// counter is a reproducible nonce source: the fuzzing engine runs the seed
// set-up in every worker process, and each must seal the same values.
type counter struct{ n byte }

func (c *counter) Read(p []byte) (int, error) {
	for i := range p {
		c.n++
		p[i] = c.n
	}
	return len(p), nil
}

// FuzzOpen checks that Open never panics, never returns an error other than
// ErrInvalid or ErrExpired, and opens nothing except values Seal produced.
func FuzzOpen(f *testing.F) {
	k := fuzzKeys(f)
	old := mustKeys(f, fixedKey(0x22)) // second key of the set: rotation
	old.rand = &counter{n: 100}
	sealed := map[string][]byte{}
	for _, s := range []struct {
		k    *Keys
		name string
		pt   []byte
	}{
		{k, "tx", []byte("payload")},
		{k, "tx", nil},
		{k, "tx", bytes.Repeat([]byte("z"), 300)},
		{old, "tx", []byte("old key")},
		{k, "other", []byte("wrong name")},
	} {
		v, err := s.k.Seal(s.name, s.pt, t0, time.Hour)
		if err != nil {
			f.Fatal(err)
		}
		if s.name == "tx" {
			sealed[v] = s.pt
		}
		f.Add(v)
		if len(v) > 1 {
			f.Add(v[:len(v)-1])
			f.Add(v[1:])
			f.Add(v + "A")
		}
	}
	for _, s := range []string{"", "A", "AQ", "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "=", "%%%", "\x00", "////", "-_-_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		got, err := k.Open("tx", value, t0)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrExpired) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			if got != nil {
				t.Fatalf("plaintext returned with error")
			}
			return
		}
		want, ok := sealed[value]
		if !ok {
			t.Fatalf("Open accepted a value Seal did not produce (len %d)", len(value))
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("plaintext mismatch")
		}
	})
}

// FuzzSealOpen checks the round trip for arbitrary names and plaintexts.
func FuzzSealOpen(f *testing.F) {
	k := fuzzKeys(f)
	f.Add("tx", []byte("payload"), int64(60))
	f.Add("", []byte{}, int64(1))
	f.Add("a=b; c", []byte{0, 1, 2}, int64(-5))
	f.Add("tx", bytes.Repeat([]byte{1}, 4000), int64(3600))
	f.Fuzz(func(t *testing.T, name string, pt []byte, ttlSeconds int64) {
		ttl := time.Duration(ttlSeconds) * time.Second
		v, err := k.Seal(name, pt, t0, ttl)
		if err != nil {
			return
		}
		if len(v) > MaxValueLen {
			t.Fatalf("sealed value of %d bytes exceeds MaxValueLen", len(v))
		}
		got, err := k.Open(name, v, t0)
		if err != nil {
			t.Fatalf("Open(Seal(x)) failed: %v", err)
		}
		if !bytes.Equal(got, pt) {
			t.Fatalf("round trip mismatch")
		}
		if _, err := k.Open(name+"x", v, t0); !errors.Is(err, ErrInvalid) {
			t.Fatalf("opened under another name: %v", err)
		}
		if _, err := k.Open(name, v, t0.Add(ttl)); !errors.Is(err, ErrExpired) {
			t.Fatalf("opened at expiry: %v", err)
		}
	})
}
