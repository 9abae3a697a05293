// Package seal encrypts and authenticates short-lived values, such as login
// transaction state, so that they can be kept in a browser cookie and trusted
// when they come back.
//
// A sealed value is
//
//	base64url( version || keyID || nonce || AES-256-GCM(expiry || plaintext) )
//
// with no padding. The cookie name is bound to the value as additional
// authenticated data, and the expiry travels inside the ciphertext, so a
// value cannot be moved to another cookie name, nor used after it expires,
// nor edited in any byte without Open refusing it.
//
// Keys rotate: the first key of a [Keys] seals, every key opens. To rotate,
// prepend a new key and keep the old one for at least the longest TTL in use;
// then drop it.
//
// The package knows nothing about OAuth; it does not check that a value is
// used only once (a replayed, unexpired value opens again), and it does not
// hide the length of the plaintext. Callers that need single use must record
// what they have consumed, or bind the value to something that changes, such
// as the OAuth state that names the cookie.
package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

const (
	// KeySize is the length in bytes of every key: AES-256.
	KeySize = 32

	// MaxValueLen is the longest sealed value, in bytes, that Seal produces
	// and Open accepts. Browsers keep at most about 4096 bytes for a
	// cookie's name, value and attributes together.
	MaxValueLen = 4096

	version   byte = 1
	keyIDLen       = 4
	nonceLen       = 12
	tagLen         = 16
	expiryLen      = 8
	headerLen      = 1 + keyIDLen + nonceLen
	// minRawLen is the shortest decoded value: header, sealed expiry, tag.
	minRawLen = headerLen + expiryLen + tagLen
)

var (
	// ErrInvalid is returned by Open for any value that was not produced by
	// Seal with one of the keys under the same cookie name: tampered,
	// truncated, malformed, sealed under another name, or sealed with a key
	// that is no longer (or never was) in the set.
	ErrInvalid = errors.New("seal: invalid value")

	// ErrExpired is returned by Open for an authentic value whose expiry has
	// been reached.
	ErrExpired = errors.New("seal: value expired")
)

// b64 is strict so that every sealed value has exactly one textual form.
var b64 = base64.RawURLEncoding.Strict()

// Keys is an ordered set of AES-256 keys. The first key seals; all keys open.
// A Keys is safe for concurrent use and is never modified after NewKeys.
type Keys struct {
	keys []key
	// rand, when set by tests in this package, replaces crypto/rand for
	// nonces so that sealed values are reproducible.
	rand io.Reader
}

type key struct {
	id   [keyIDLen]byte
	aead cipher.AEAD
}

// keyID derives the public identifier of a key: the first four bytes of
// SHA-256 over a fixed label and the key. It lets Open go straight to the
// right key; it reveals nothing useful about the key itself.
func keyID(k []byte) [keyIDLen]byte {
	h := sha256.New()
	h.Write([]byte("socialconn/seal key id v1\x00"))
	h.Write(k)
	var id [keyIDLen]byte
	copy(id[:], h.Sum(nil))
	return id
}

// NewKeys returns a key set. Each key must be exactly KeySize bytes (use
// GenerateKey); at least one key is required, and no key may appear twice.
// The first key seals new values; all of them open. The keys are copied, so
// the caller may clear its slices afterwards.
//
// Two different keys may, rarely, share a key id; Open then tries each of
// them. A value whose key id matches no key is refused without any
// decryption attempt.
func NewKeys(keys ...[]byte) (*Keys, error) {
	if len(keys) == 0 {
		return nil, errors.New("seal: NewKeys: at least one key is required")
	}
	ks := &Keys{keys: make([]key, 0, len(keys))}
	for i, k := range keys {
		if len(k) != KeySize {
			return nil, fmt.Errorf("seal: NewKeys: key %d: must be %d bytes, got %d", i, KeySize, len(k))
		}
		for j := range i {
			if subtle.ConstantTimeCompare(k, keys[j]) == 1 {
				return nil, fmt.Errorf("seal: NewKeys: key %d: duplicates key %d", i, j)
			}
		}
		// aes.NewCipher copies the key into its own schedule.
		block, err := aes.NewCipher(bytes.Clone(k))
		if err != nil {
			return nil, fmt.Errorf("seal: NewKeys: key %d: %w", i, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("seal: NewKeys: key %d: %w", i, err)
		}
		ks.keys = append(ks.keys, key{id: keyID(k), aead: aead})
	}
	return ks, nil
}

// GenerateKey returns a new random KeySize-byte key from crypto/rand.
func GenerateKey() []byte {
	k := make([]byte, KeySize)
	// crypto/rand.Read never returns an error on supported platforms.
	_, _ = rand.Read(k)
	return k
}

// aad is the additional authenticated data: a label, the header (version,
// key id and nonce) and the cookie name.
func aad(header []byte, name string) []byte {
	b := make([]byte, 0, 32+len(header)+len(name))
	b = append(b, "socialconn/seal v1\x00"...)
	b = append(b, header...)
	b = append(b, name...)
	return b
}

// Seal encrypts plaintext with the first key, for the cookie called name,
// valid from now until now+ttl (exclusive). It returns the base64url value,
// which never exceeds MaxValueLen bytes; a plaintext too large for that is an
// error. name must not be empty and ttl must be positive.
//
// Each call draws a fresh random 96-bit nonce, so sealing the same plaintext
// twice gives different values. Rotate the sealing key well before 2^32
// values have been sealed with it.
func (k *Keys) Seal(name string, plaintext []byte, now time.Time, ttl time.Duration) (string, error) {
	if k == nil || len(k.keys) == 0 {
		return "", errors.New("seal: Seal: no keys")
	}
	if name == "" {
		return "", errors.New("seal: Seal: name: must not be empty")
	}
	if ttl <= 0 {
		return "", errors.New("seal: Seal: ttl: must be positive")
	}
	if maxPlain := b64.DecodedLen(MaxValueLen) - minRawLen; len(plaintext) > maxPlain {
		return "", fmt.Errorf("seal: Seal: plaintext: %d bytes, at most %d fit in a %d-byte value", len(plaintext), maxPlain, MaxValueLen)
	}
	exp := now.UnixNano()
	if exp > math.MaxInt64-int64(ttl) {
		return "", errors.New("seal: Seal: ttl: expiry out of range")
	}
	exp += int64(ttl)

	sk := k.keys[0]
	raw := make([]byte, headerLen, minRawLen+len(plaintext))
	raw[0] = version
	copy(raw[1:], sk.id[:])
	r := k.rand
	if r == nil {
		r = rand.Reader
	}
	if _, err := io.ReadFull(r, raw[1+keyIDLen:headerLen]); err != nil {
		return "", fmt.Errorf("seal: Seal: nonce: %w", err)
	}
	body := make([]byte, expiryLen, expiryLen+len(plaintext))
	binary.BigEndian.PutUint64(body, uint64(exp))
	body = append(body, plaintext...)
	header := raw[:headerLen]
	raw = sk.aead.Seal(raw, raw[1+keyIDLen:headerLen], body, aad(header, name))
	return b64.EncodeToString(raw), nil
}

// Open authenticates and decrypts a value produced by Seal for the cookie
// called name, and returns its plaintext. It returns an error wrapping
// ErrInvalid for anything that is not such a value (including values longer
// than MaxValueLen, which are refused before decoding), and one wrapping
// ErrExpired for an authentic value whose expiry is not after now. Errors
// never contain the value or the plaintext.
//
// Open does not check that a value is used only once.
func (k *Keys) Open(name, value string, now time.Time) ([]byte, error) {
	if k == nil || len(k.keys) == 0 {
		return nil, errors.New("seal: Open: no keys")
	}
	if len(value) > MaxValueLen {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrInvalid, MaxValueLen)
	}
	// The strict decoder refuses every byte outside the alphabet except CR
	// and LF, which it skips: they would give one sealed value several
	// textual forms.
	if strings.IndexByte(value, '\r') >= 0 || strings.IndexByte(value, '\n') >= 0 {
		return nil, fmt.Errorf("%w: not base64url", ErrInvalid)
	}
	raw, err := b64.DecodeString(value)
	if err != nil {
		// The decoder's error quotes an offset only, never the input.
		return nil, fmt.Errorf("%w: not base64url", ErrInvalid)
	}
	if len(raw) < minRawLen {
		return nil, fmt.Errorf("%w: too short", ErrInvalid)
	}
	if raw[0] != version {
		return nil, fmt.Errorf("%w: unknown version", ErrInvalid)
	}
	header := raw[:headerLen]
	id := raw[1 : 1+keyIDLen]
	nonce := raw[1+keyIDLen : headerLen]
	sealed := raw[headerLen:]
	ad := aad(header, name)
	var body []byte
	matched := false
	for i, ck := range k.keys {
		if !bytes.Equal(ck.id[:], id) {
			continue
		}
		matched = true
		// Decrypt in place (raw is this call's own buffer), unless a later
		// key shares the id: a failed Open overwrites its output, and that
		// key needs the ciphertext intact.
		var dst []byte
		if !k.idUsedAfter(i, id) {
			dst = sealed[:0]
		}
		if body, err = ck.aead.Open(dst, nonce, sealed, ad); err == nil {
			break
		}
	}
	if !matched {
		return nil, fmt.Errorf("%w: unknown key", ErrInvalid)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: authentication failed", ErrInvalid)
	}
	exp := int64(binary.BigEndian.Uint64(body[:expiryLen]))
	if now.UnixNano() >= exp {
		return nil, ErrExpired
	}
	return body[expiryLen:len(body):len(body)], nil
}

// idUsedAfter reports whether a key after the i-th has the given id.
func (k *Keys) idUsedAfter(i int, id []byte) bool {
	for _, ck := range k.keys[i+1:] {
		if bytes.Equal(ck.id[:], id) {
			return true
		}
	}
	return false
}
