package seal

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)

func mustKeys(t testing.TB, keys ...[]byte) *Keys {
	t.Helper()
	k, err := NewKeys(keys...)
	require.NoError(t, err)
	return k
}

func fixedKey(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

func TestNewKeys(t *testing.T) {
	tests := []struct {
		name    string
		keys    [][]byte
		wantErr string
	}{
		{name: "one key", keys: [][]byte{fixedKey(1)}},
		{name: "two keys", keys: [][]byte{fixedKey(1), fixedKey(2)}},
		{name: "none", keys: nil, wantErr: "at least one key"},
		{name: "short", keys: [][]byte{make([]byte, 16)}, wantErr: "key 0: must be 32 bytes, got 16"},
		{name: "long second", keys: [][]byte{fixedKey(1), make([]byte, 33)}, wantErr: "key 1: must be 32 bytes, got 33"},
		{name: "empty", keys: [][]byte{{}}, wantErr: "key 0: must be 32 bytes, got 0"},
		{name: "duplicate", keys: [][]byte{fixedKey(1), fixedKey(2), fixedKey(1)}, wantErr: "key 2: duplicates key 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := NewKeys(tt.keys...)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.True(t, strings.HasPrefix(err.Error(), "seal: NewKeys: "), err.Error())
				assert.Nil(t, k)
				return
			}
			require.NoError(t, err)
			require.NotNil(t, k)
		})
	}
}

func TestNewKeysCopiesKeys(t *testing.T) {
	raw := fixedKey(7)
	k := mustKeys(t, raw)
	v, err := k.Seal("c", []byte("x"), t0, time.Minute)
	require.NoError(t, err)
	for i := range raw {
		raw[i] = 0 // caller wipes its copy
	}
	got, err := k.Open("c", v, t0)
	require.NoError(t, err)
	assert.Equal(t, []byte("x"), got)
	// And the wiped slice is a different key.
	_, err = mustKeys(t, raw).Open("c", v, t0)
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestGenerateKey(t *testing.T) {
	a, b := GenerateKey(), GenerateKey()
	assert.Len(t, a, KeySize)
	assert.NotEqual(t, a, b)
	assert.NotEqual(t, make([]byte, KeySize), a)
	_, err := NewKeys(a, b)
	require.NoError(t, err)
}

func TestRoundTrip(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	for _, pt := range [][]byte{nil, {}, []byte("state=abc&verifier=xyz"), bytes.Repeat([]byte{0xff}, 2000)} {
		v, err := k.Seal("tx_abc", pt, t0, 10*time.Minute)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(v), MaxValueLen)
		assert.NotContains(t, v, "=", "no padding")
		assert.NotContains(t, v, "+")
		assert.NotContains(t, v, "/")
		got, err := k.Open("tx_abc", v, t0.Add(5*time.Minute))
		require.NoError(t, err)
		assert.Equal(t, len(pt), len(got))
		assert.True(t, bytes.Equal(pt, got))
		if len(pt) > 4 {
			assert.NotContains(t, v, base64.RawURLEncoding.EncodeToString(pt[:4]))
		}
	}
}

func TestSealIsRandomised(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	a, err := k.Seal("c", []byte("same"), t0, time.Minute)
	require.NoError(t, err)
	b, err := k.Seal("c", []byte("same"), t0, time.Minute)
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
}

func TestSealErrors(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	tests := []struct {
		name    string
		cookie  string
		pt      []byte
		ttl     time.Duration
		now     time.Time
		wantErr string
	}{
		{name: "empty name", cookie: "", ttl: time.Minute, now: t0, wantErr: "seal: Seal: name: must not be empty"},
		{name: "zero ttl", cookie: "c", ttl: 0, now: t0, wantErr: "seal: Seal: ttl: must be positive"},
		{name: "negative ttl", cookie: "c", ttl: -time.Second, now: t0, wantErr: "seal: Seal: ttl: must be positive"},
		{name: "too large", cookie: "c", pt: make([]byte, 3100), ttl: time.Minute, now: t0, wantErr: "seal: Seal: plaintext: 3100 bytes, at most 3031"},
		{name: "expiry overflow", cookie: "c", ttl: time.Duration(1 << 62), now: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), wantErr: "expiry out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := k.Seal(tt.cookie, tt.pt, tt.now, tt.ttl)
			require.ErrorContains(t, err, tt.wantErr)
			assert.Empty(t, v)
		})
	}
	var nilKeys *Keys
	_, err := nilKeys.Seal("c", nil, t0, time.Minute)
	require.Error(t, err)
	_, err = nilKeys.Open("c", "x", t0)
	require.Error(t, err)
}

func TestLargestPlaintextFits(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	maxPlain := base64.RawURLEncoding.DecodedLen(MaxValueLen) - minRawLen
	v, err := k.Seal("c", make([]byte, maxPlain), t0, time.Minute)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(v), MaxValueLen)
	_, err = k.Open("c", v, t0)
	require.NoError(t, err)
	_, err = k.Seal("c", make([]byte, maxPlain+1), t0, time.Minute)
	require.Error(t, err)
}

func TestRotation(t *testing.T) {
	oldKey, newKey := GenerateKey(), GenerateKey()
	before := mustKeys(t, oldKey)
	v, err := before.Seal("tx", []byte("payload"), t0, time.Hour)
	require.NoError(t, err)

	// A new key is prepended: values sealed with the old key still open,
	// and new values are sealed with the new key.
	during := mustKeys(t, newKey, oldKey)
	got, err := during.Open("tx", v, t0)
	require.NoError(t, err)
	assert.Equal(t, []byte("payload"), got)
	v2, err := during.Seal("tx", []byte("fresh"), t0, time.Hour)
	require.NoError(t, err)
	_, err = before.Open("tx", v2, t0)
	assert.ErrorIs(t, err, ErrInvalid, "new values are sealed with the first key")

	// The old key is removed: its values no longer open.
	after := mustKeys(t, newKey)
	_, err = after.Open("tx", v, t0)
	require.ErrorIs(t, err, ErrInvalid)
	assert.ErrorContains(t, err, "unknown key")
	got, err = after.Open("tx", v2, t0)
	require.NoError(t, err)
	assert.Equal(t, []byte("fresh"), got)
}

// TestSharedKeyID covers two keys whose ids collide: Open must try both.
func TestSharedKeyID(t *testing.T) {
	a := mustKeys(t, fixedKey(1))
	b := mustKeys(t, fixedKey(2))
	v, err := b.Seal("c", []byte("p"), t0, time.Minute)
	require.NoError(t, err)
	both := mustKeys(t, fixedKey(1), fixedKey(2))
	both.keys[0].id = both.keys[1].id // force the collision
	got, err := both.Open("c", v, t0)
	require.NoError(t, err)
	assert.Equal(t, []byte("p"), got)
	_, err = a.Open("c", v, t0)
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestTamperEveryByte(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	v, err := k.Seal("tx", []byte("some state"), t0, time.Minute)
	require.NoError(t, err)
	raw, err := base64.RawURLEncoding.DecodeString(v)
	require.NoError(t, err)
	for i := range raw {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			m := bytes.Clone(raw)
			m[i] ^= flip
			got, err := k.Open("tx", base64.RawURLEncoding.EncodeToString(m), t0)
			require.ErrorIs(t, err, ErrInvalid, "byte %d flip %#x", i, flip)
			require.Nil(t, got)
		}
	}
	// Editing the text form, character by character, is refused too.
	for i := range v {
		for _, c := range []byte{'A', '_', '-', '0', '=', '.'} {
			if v[i] == c {
				continue
			}
			m := v[:i] + string(c) + v[i+1:]
			_, err := k.Open("tx", m, t0)
			require.ErrorIs(t, err, ErrInvalid, "char %d -> %q", i, c)
		}
	}
}

func TestWrongName(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	v, err := k.Seal("tx_state1", []byte("p"), t0, time.Minute)
	require.NoError(t, err)
	for _, name := range []string{"tx_state2", "tx_state", "tx_state1 ", "TX_STATE1", "x"} {
		_, err := k.Open(name, v, t0)
		assert.ErrorIs(t, err, ErrInvalid, name)
	}
	_, err = k.Open("tx_state1", v, t0)
	assert.NoError(t, err)
}

func TestExpiryBoundary(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	ttl := 10 * time.Minute
	v, err := k.Seal("tx", []byte("p"), t0, ttl)
	require.NoError(t, err)
	tests := []struct {
		name    string
		now     time.Time
		wantErr error
	}{
		{name: "at seal time", now: t0},
		{name: "before seal time (clock skew between replicas)", now: t0.Add(-time.Minute)},
		{name: "one nanosecond before expiry", now: t0.Add(ttl - time.Nanosecond)},
		{name: "at expiry", now: t0.Add(ttl), wantErr: ErrExpired},
		{name: "after expiry", now: t0.Add(ttl + time.Nanosecond), wantErr: ErrExpired},
		{name: "much later", now: t0.Add(24 * time.Hour), wantErr: ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := k.Open("tx", v, tt.now)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.NotErrorIs(t, err, ErrInvalid)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []byte("p"), got)
		})
	}
}

func TestOpenMalformed(t *testing.T) {
	k := mustKeys(t, fixedKey(3))
	v, err := k.Seal("tx", []byte("payload"), t0, time.Minute)
	require.NoError(t, err)
	raw, _ := base64.RawURLEncoding.DecodeString(v)
	otherVersion := bytes.Clone(raw)
	otherVersion[0] = 2

	tests := []struct {
		name    string
		value   string
		wantMsg string
	}{
		{name: "empty", value: "", wantMsg: "too short"},
		{name: "garbage", value: "not a sealed value!", wantMsg: "not base64url"},
		{name: "padded", value: v + "==", wantMsg: "not base64url"},
		{name: "std alphabet", value: strings.NewReplacer("-", "+", "_", "/").Replace(v) + "+/", wantMsg: "not base64url"},
		{name: "one char short", value: v[:len(v)-1], wantMsg: ""},
		{name: "header only", value: base64.RawURLEncoding.EncodeToString(raw[:headerLen]), wantMsg: "too short"},
		{name: "minimum length minus one", value: base64.RawURLEncoding.EncodeToString(raw[:minRawLen-1]), wantMsg: "too short"},
		{name: "tag cut off", value: base64.RawURLEncoding.EncodeToString(raw[:len(raw)-tagLen]), wantMsg: ""},
		{name: "carriage return", value: v[:10] + "\r" + v[10:], wantMsg: "not base64url"},
		{name: "last byte dropped", value: base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1]), wantMsg: "authentication failed"},
		{name: "extra byte", value: base64.RawURLEncoding.EncodeToString(append(bytes.Clone(raw), 0)), wantMsg: "authentication failed"},
		{name: "other version", value: base64.RawURLEncoding.EncodeToString(otherVersion), wantMsg: "unknown version"},
		{name: "unknown key", value: mustSeal(t, mustKeys(t, fixedKey(4)), "tx"), wantMsg: "unknown key"},
		{name: "huge", value: strings.Repeat("A", 1<<20), wantMsg: "longer than 4096 bytes"},
		{name: "just over limit", value: strings.Repeat("A", MaxValueLen+1), wantMsg: "longer than 4096 bytes"},
		{name: "at limit but forged", value: strings.Repeat("A", MaxValueLen), wantMsg: ""},
		{name: "nul bytes", value: "\x00\x00\x00", wantMsg: "not base64url"},
		{name: "whitespace", value: v[:10] + "\n" + v[10:], wantMsg: "not base64url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := k.Open("tx", tt.value, t0)
			require.ErrorIs(t, err, ErrInvalid)
			assert.NotErrorIs(t, err, ErrExpired)
			assert.Nil(t, got)
			assert.Contains(t, err.Error(), tt.wantMsg)
			assert.True(t, strings.HasPrefix(err.Error(), "seal: invalid value"), err.Error())
			if len(tt.value) >= 8 {
				assert.NotContains(t, err.Error(), tt.value[:8], "error must not echo the value")
			}
		})
	}
}

func TestErrorsNeverEchoValueOrPlaintext(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	secret := "verifier-SECRET-1234567890"
	v, err := k.Seal("tx", []byte(secret), t0, time.Minute)
	require.NoError(t, err)
	for _, now := range []time.Time{t0.Add(time.Hour)} {
		_, err := k.Open("tx", v, now)
		require.ErrorIs(t, err, ErrExpired)
		assert.NotContains(t, err.Error(), secret)
		assert.NotContains(t, err.Error(), v)
	}
	_, err = k.Open("other", v, t0)
	require.ErrorIs(t, err, ErrInvalid)
	assert.NotContains(t, err.Error(), v[:20])
	assert.NotContains(t, err.Error(), secret)
}

func TestErrorsAreDistinct(t *testing.T) {
	assert.False(t, errors.Is(ErrExpired, ErrInvalid))
	assert.False(t, errors.Is(ErrInvalid, ErrExpired))
}

func TestConcurrentUse(t *testing.T) {
	k := mustKeys(t, GenerateKey(), GenerateKey())
	done := make(chan error, 8)
	for g := range 8 {
		go func() {
			for i := range 200 {
				pt := []byte{byte(g), byte(i)}
				v, err := k.Seal("c", pt, t0, time.Minute)
				if err != nil {
					done <- err
					return
				}
				got, err := k.Open("c", v, t0)
				if err != nil {
					done <- err
					return
				}
				if !bytes.Equal(got, pt) {
					done <- errors.New("mismatch")
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		require.NoError(t, <-done)
	}
}

func mustSeal(t testing.TB, k *Keys, name string) string {
	t.Helper()
	v, err := k.Seal(name, []byte("payload"), t0, time.Minute)
	require.NoError(t, err)
	return v
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy exhausted") }

func TestSealNonceFailure(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	k.rand = failingReader{}
	v, err := k.Seal("c", []byte("p"), t0, time.Minute)
	require.ErrorContains(t, err, "seal: Seal: nonce: entropy exhausted")
	assert.Empty(t, v)
}
