package script

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"hash"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// The crypto module's ciphers and key derivation: createCipheriv and
// createDecipheriv for AES in CBC, ECB, CTR and GCM modes (what scripts use
// to read a provider's encrypted payload or a value they encrypted
// themselves), getCiphers, pbkdf2/pbkdf2Sync and hkdf/hkdfSync, with Node
// 20's outputs, chunking and errors.
//
// Hardening: pbkdf2 derives at most maxDerivedKey bytes and stops at the
// invocation's deadline (Node would run any iteration count to the end);
// hkdf's length is bounded by the hash as in Node.

// maxDerivedKey bounds pbkdf2's keylen (Node allows 2^31-1 bytes).
const maxDerivedKey = 1 << 20

// cipherModes are the AES modes createCipheriv knows.
const (
	modeCBC = iota
	modeECB
	modeCTR
	modeGCM
)

// cipherSpec is one cipher name: key length and mode.
type cipherSpec struct {
	keyLen, mode int
}

// cipherSpecs maps Node's cipher names (lower-cased) to AES modes.
var cipherSpecs = func() map[string]cipherSpec {
	m := map[string]cipherSpec{}
	for _, bits := range []int{128, 192, 256} {
		for mode, name := range []string{"cbc", "ecb", "ctr", "gcm"} {
			m[fmt.Sprintf("aes-%d-%s", bits, name)] = cipherSpec{bits / 8, mode}
		}
		m[fmt.Sprintf("aes%d", bits)] = cipherSpec{bits / 8, modeCBC}
		m[fmt.Sprintf("id-aes%d-gcm", bits)] = cipherSpec{bits / 8, modeGCM}
	}
	return m
}()

// cipherNames is getCiphers' list: the names of cipherSpecs, sorted.
var cipherNames = []string{
	"aes-128-cbc", "aes-128-ctr", "aes-128-ecb", "aes-128-gcm",
	"aes-192-cbc", "aes-192-ctr", "aes-192-ecb", "aes-192-gcm",
	"aes-256-cbc", "aes-256-ctr", "aes-256-ecb", "aes-256-gcm",
	"aes128", "aes192", "aes256", "id-aes128-gcm", "id-aes192-gcm", "id-aes256-gcm",
}

// opensslError is an OpenSSL error as Node reports it: message
// "error:<hex>:<library>::<reason>", with library, reason and code.
func opensslError(rt *goja.Runtime, hexCode, reason, code string) *goja.Object {
	const library = "Provider routines"
	e := jsError(rt, "", "error:"+hexCode+":"+library+"::"+reason)
	_ = e.Set("library", library)
	_ = e.Set("reason", reason)
	_ = e.Set("code", code)
	return e
}

// cipherState is one Cipheriv or Decipheriv.
type cipherState struct {
	rt      *goja.Runtime
	spec    cipherSpec
	decrypt bool
	block   cipher.Block
	stream  cipher.Stream // CTR
	iv      []byte
	pad     bool   // setAutoPadding
	pending []byte // CBC/ECB: bytes not yet a whole block (or held back)
	out     textDecoder
	started bool // update was called
	done    bool // final was called

	// GCM: the counter mode update uses, the whole plaintext (for the
	// tag), the additional data, the tag length asked for and the tag
	// (getAuthTag / setAuthTag).
	aead    cipher.AEAD
	counter *gcmCounter
	plain   []byte
	aad     []byte
	tagLen  int
	tag     []byte
}

// addCiphers puts the cipher and key-derivation functions on exp, the
// crypto module's exports.
func addCiphers(h host, exp *goja.Object) {
	rt := h.Runtime()
	newCipher := func(decrypt bool) func(call goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			return newCipherObject(rt, decrypt, call)
		}
	}
	_ = exp.Set("createCipheriv", newCipher(false))
	_ = exp.Set("createDecipheriv", newCipher(true))
	_ = exp.Set("getCiphers", func() []string { return append([]string(nil), cipherNames...) })

	_ = exp.Set("pbkdf2Sync", func(call goja.FunctionCall) goja.Value {
		key, err := pbkdf2Key(h.Context(), pbkdf2Args(rt, call))
		if err != nil {
			h.CheckDeadline() // the deadline: unwinds
			panic(rt.NewGoError(err))
		}
		return encodeBytes(rt, key, "")
	})
	_ = exp.Set("pbkdf2", func(call goja.FunctionCall) goja.Value {
		a := pbkdf2Args(rt, call)
		cb := callbackArg(rt, call.Argument(5))
		ctx := h.Context()
		h.Go(func() (any, error) { return pbkdf2Key(ctx, a) }, func(v any, err error) {
			if err != nil {
				return // the deadline: the invocation is ending
			}
			callJS(cb, goja.Null(), encodeBytes(rt, v.([]byte), ""))
		})
		return goja.Undefined()
	})
	_ = exp.Set("hkdfSync", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(rt.NewArrayBuffer(hkdfDerive(rt, call)))
	})
	_ = exp.Set("hkdf", func(call goja.FunctionCall) goja.Value {
		key := hkdfDerive(rt, call)
		cb := callbackArg(rt, call.Argument(5))
		h.SetTimer(0, false, func() { callJS(cb, goja.Null(), rt.ToValue(rt.NewArrayBuffer(key))) })
		return goja.Undefined()
	})
}

// callbackArg is v as a callback, or Node's ERR_INVALID_ARG_TYPE.
func callbackArg(rt *goja.Runtime, v goja.Value) goja.Callable {
	cb, ok := goja.AssertFunction(v)
	if !ok {
		panic(argTypeError(rt, "The \"callback\" argument", "of type function", v))
	}
	return cb
}

// newCipherObject is createCipheriv (decrypt false) or createDecipheriv.
func newCipherObject(rt *goja.Runtime, decrypt bool, call goja.FunctionCall) *goja.Object {
	spec, ok := cipherSpecs[strings.ToLower(stringArg(rt, call.Argument(0), "cipher"))]
	if !ok {
		panic(jsError(rt, "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher"))
	}
	key := secretArg(rt, call.Argument(1), "key", "string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey")
	iv := cipherIVArg(rt, call.Argument(2))
	s := &cipherState{rt: rt, spec: spec, decrypt: decrypt, pad: true, tagLen: 16}
	if opts, ok := call.Argument(3).(*goja.Object); ok && spec.mode == modeGCM {
		if v := opts.Get("authTagLength"); present(v) {
			n := v.ToInteger()
			if !validTagLen(n) {
				panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_AUTH_TAG", fmt.Sprintf("Invalid authentication tag length: %d", n)))
			}
			s.tagLen = int(n)
		}
	}
	if len(key) != spec.keyLen {
		panic(jsRangeError(rt, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"))
	}
	switch {
	case spec.mode == modeECB && len(iv) != 0,
		(spec.mode == modeCBC || spec.mode == modeCTR) && len(iv) != aes.BlockSize,
		spec.mode == modeGCM && len(iv) == 0:
		panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_IV", "Invalid initialization vector"))
	}
	s.block, _ = aes.NewCipher(key) // the key length is checked above
	s.iv = append([]byte(nil), iv...)
	switch spec.mode {
	case modeCTR:
		s.stream = cipher.NewCTR(s.block, s.iv)
	case modeGCM:
		s.aead, _ = cipher.NewGCMWithNonceSize(s.block, len(s.iv))
		s.counter = newGCMCounter(s.block, s.aead, s.iv)
	}
	return s.object()
}

// validTagLen reports a GCM tag length Node accepts.
func validTagLen(n int64) bool { return n == 4 || n == 8 || n >= 12 && n <= 16 }

// secretArg is a secret key argument: a string (UTF-8), bytes or a secret
// KeyObject; anything else is Node's ERR_INVALID_ARG_TYPE naming the
// argument and the types it takes.
func secretArg(rt *goja.Runtime, v goja.Value, name, types string) []byte {
	if km := keyHandle(v); km != nil {
		return keyFromValue(rt, v, "secret").secret
	}
	if b, ok := isBytesLike(rt, v); ok {
		return b
	}
	if s, ok := primitiveString(v); ok {
		return []byte(s)
	}
	panic(argTypeError(rt, "The \""+name+"\" argument", "of type "+types, v))
}

// cipherIVArg is createCipheriv's iv: a string (UTF-8), bytes, or null
// (no IV, for ECB).
func cipherIVArg(rt *goja.Runtime, v goja.Value) []byte {
	if goja.IsNull(v) {
		return nil
	}
	if b, ok := isBytesLike(rt, v); ok {
		return b
	}
	if s, ok := primitiveString(v); ok {
		return []byte(s)
	}
	panic(argTypeError(rt, "The \"iv\" argument", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v))
}

// invalidState is Node's ERR_CRYPTO_INVALID_STATE for op.
func (s *cipherState) invalidState(op string) *goja.Object {
	return jsError(s.rt, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation "+op)
}

// object is the JavaScript Cipheriv/Decipheriv around s.
func (s *cipherState) object() *goja.Object {
	rt := s.rt
	o := rt.NewObject()
	_ = o.Set("update", func(call goja.FunctionCall) goja.Value {
		if s.done {
			panic(jsError(rt, "", "Trying to add data in unsupported state"))
		}
		data := dataArg(rt, call.Argument(0), call.Argument(1), "data")
		s.started = true
		return s.out.write(rt, outputEncoding(rt, call.Argument(2)), s.update(data))
	})
	_ = o.Set("final", func(call goja.FunctionCall) goja.Value {
		if s.done {
			panic(jsError(rt, "ERR_CRYPTO_INVALID_STATE", "Invalid state"))
		}
		s.done = true
		return s.out.end(rt, outputEncoding(rt, call.Argument(0)), s.final())
	})
	_ = o.Set("setAutoPadding", func(call goja.FunctionCall) goja.Value {
		if s.done {
			panic(s.invalidState("setAutoPadding"))
		}
		// Node passes !!autoPadding: no argument turns padding off.
		s.pad = call.Argument(0).ToBoolean()
		return call.This
	})
	_ = o.Set("setAAD", func(call goja.FunctionCall) goja.Value {
		if s.spec.mode != modeGCM || s.started || s.done {
			panic(s.invalidState("setAAD"))
		}
		s.aad = append(s.aad, bytesArg(rt, call.Argument(0), goja.Undefined(), "aadbuf")...)
		return call.This
	})
	if s.decrypt {
		_ = o.Set("setAuthTag", func(call goja.FunctionCall) goja.Value {
			if s.spec.mode != modeGCM || s.done || s.tag != nil {
				panic(s.invalidState("setAuthTag"))
			}
			tag := bytesArg(rt, call.Argument(0), call.Argument(1), "buffer")
			if !validTagLen(int64(len(tag))) || s.tagLen != 16 && len(tag) != s.tagLen {
				panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_AUTH_TAG", fmt.Sprintf("Invalid authentication tag length: %d", len(tag))))
			}
			s.tag = append([]byte(nil), tag...)
			return call.This
		})
	} else {
		_ = o.Set("getAuthTag", func(call goja.FunctionCall) goja.Value {
			if s.spec.mode != modeGCM || !s.done {
				panic(s.invalidState("getAuthTag"))
			}
			return encodeBytes(rt, s.tag, "")
		})
	}
	return o
}

// update transforms data as OpenSSL's EVP update does: CTR and GCM at once;
// CBC and ECB whole blocks only, a decrypting one with padding holding its
// last whole block back for final.
func (s *cipherState) update(data []byte) []byte {
	switch s.spec.mode {
	case modeCTR:
		out := make([]byte, len(data))
		s.stream.XORKeyStream(out, data)
		return out
	case modeGCM:
		out := s.counter.xor(data)
		if s.decrypt {
			s.plain = append(s.plain, out...)
		} else {
			s.plain = append(s.plain, data...)
		}
		return out
	}
	s.pending = append(s.pending, data...)
	n := len(s.pending) / aes.BlockSize * aes.BlockSize
	if s.decrypt && s.pad && n == len(s.pending) && n > 0 {
		n -= aes.BlockSize
	}
	out := s.blocks(s.pending[:n])
	s.pending = append(s.pending[:0], s.pending[n:]...)
	return out
}

// blocks en- or decrypts whole blocks in CBC (chaining through s.iv) or
// ECB mode.
func (s *cipherState) blocks(in []byte) []byte {
	out := make([]byte, len(in))
	if len(in) == 0 {
		return out
	}
	switch {
	case s.spec.mode == modeECB:
		for i := 0; i < len(in); i += aes.BlockSize {
			if s.decrypt {
				s.block.Decrypt(out[i:], in[i:])
			} else {
				s.block.Encrypt(out[i:], in[i:])
			}
		}
	case s.decrypt:
		cipher.NewCBCDecrypter(s.block, s.iv).CryptBlocks(out, in)
		copy(s.iv, in[len(in)-aes.BlockSize:])
	default:
		cipher.NewCBCEncrypter(s.block, s.iv).CryptBlocks(out, in)
		copy(s.iv, out[len(out)-aes.BlockSize:])
	}
	return out
}

// final ends the operation: the padded last block, or the unpadded one;
// for GCM the tag is made (encrypting) or checked (decrypting).
func (s *cipherState) final() []byte {
	switch s.spec.mode {
	case modeCTR:
		return nil
	case modeGCM:
		s.gcmFinal()
		return nil
	}
	wrongLength := func() *goja.Object {
		return opensslError(s.rt, "1C80006B", "wrong final block length", "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH")
	}
	if !s.pad {
		if len(s.pending) != 0 {
			panic(wrongLength())
		}
		return nil
	}
	if !s.decrypt {
		n := aes.BlockSize - len(s.pending)
		for range n {
			s.pending = append(s.pending, byte(n))
		}
		return s.blocks(s.pending)
	}
	if len(s.pending) != aes.BlockSize {
		panic(wrongLength())
	}
	last := s.blocks(s.pending)
	n := int(last[aes.BlockSize-1])
	bad := n == 0 || n > aes.BlockSize
	for i := aes.BlockSize - n; !bad && i < aes.BlockSize; i++ {
		bad = int(last[i]) != n
	}
	if bad {
		panic(opensslError(s.rt, "1C800064", "bad decrypt", "ERR_OSSL_BAD_DECRYPT"))
	}
	return last[:aes.BlockSize-n]
}

// gcmFinal makes the tag of what was encrypted, or checks the one
// setAuthTag gave against what was decrypted.
func (s *cipherState) gcmFinal() {
	authFailed := func() *goja.Object {
		return jsError(s.rt, "", "Unsupported state or unable to authenticate data")
	}
	if s.decrypt && s.tag == nil {
		panic(authFailed())
	}
	sealed := s.aead.Seal(nil, s.iv, s.plain, s.aad)
	tag := sealed[len(s.plain):]
	if !s.decrypt {
		s.tag = tag[:s.tagLen]
		return
	}
	if subtle.ConstantTimeCompare(tag[:len(s.tag)], s.tag) != 1 {
		panic(authFailed())
	}
}

// gcmCounter is GCM's counter mode: the block cipher applied to a counter
// block whose last 32 bits count up (inc32, wrapping), XORed with the data.
// update uses it to give its output as it goes, as Node does; final still
// lets crypto/cipher's GCM make the tag over the whole plaintext.
type gcmCounter struct {
	block cipher.Block
	ctr   [aes.BlockSize]byte
	key   [aes.BlockSize]byte // the key stream of the current block
	used  int                 // bytes of key used
}

// newGCMCounter starts the counter at the block GCM encrypts first, read
// back from aead's encryption of one zero block under nonce.
func newGCMCounter(block cipher.Block, aead cipher.AEAD, nonce []byte) *gcmCounter {
	c := &gcmCounter{block: block, used: aes.BlockSize}
	first := aead.Seal(nil, nonce, make([]byte, aes.BlockSize), nil)
	block.Decrypt(c.ctr[:], first[:aes.BlockSize])
	return c
}

// xor returns src XORed with the next len(src) bytes of key stream.
func (c *gcmCounter) xor(src []byte) []byte {
	out := make([]byte, len(src))
	for i := range src {
		if c.used == aes.BlockSize {
			c.block.Encrypt(c.key[:], c.ctr[:])
			inc32(&c.ctr)
			c.used = 0
		}
		out[i] = src[i] ^ c.key[c.used]
		c.used++
	}
	return out
}

// inc32 adds one to the last 32 bits of a counter block, wrapping.
func inc32(ctr *[aes.BlockSize]byte) {
	for i := aes.BlockSize - 1; i >= aes.BlockSize-4; i-- {
		ctr[i]++
		if ctr[i] != 0 {
			return
		}
	}
}

// outputEncoding is a cipher's output encoding: "" for a Buffer, or one
// StringDecoder knows; anything else is Node's ERR_UNKNOWN_ENCODING.
func outputEncoding(rt *goja.Runtime, v goja.Value) string {
	enc := normEncoding(v)
	if enc != "" && enc != "buffer" && !knownEncodings[enc] {
		panic(jsTypeError(rt, "ERR_UNKNOWN_ENCODING", "Unknown encoding: "+v.String()))
	}
	return enc
}

// textDecoder is Node's StringDecoder as a cipher uses it for string
// outputs: base64 is written in whole 3-byte groups and UTF-8 in whole
// characters, the rest kept for the next update or final.
type textDecoder struct {
	pending []byte
}

// write returns b in enc ("" or "buffer": a Buffer), holding back what a
// later chunk may complete.
func (d *textDecoder) write(rt *goja.Runtime, enc string, b []byte) goja.Value {
	if enc == "" || enc == "buffer" {
		return encodeBytes(rt, b, "")
	}
	b = append(d.pending, b...)
	n := len(b)
	switch enc {
	case "base64", "base64url":
		n = len(b) / 3 * 3
	case "utf16le":
		n = len(b) &^ 1
	case "utf8":
		n = len(b) - incompleteUTF8(b)
	}
	d.pending = append([]byte(nil), b[n:]...)
	return encodeBytes(rt, b[:n], enc)
}

// end is write followed by what is still held: base64's last group padded,
// an unfinished UTF-8 character as U+FFFD.
func (d *textDecoder) end(rt *goja.Runtime, enc string, b []byte) goja.Value {
	if enc == "" || enc == "buffer" {
		return encodeBytes(rt, b, "")
	}
	s := d.write(rt, enc, b).String()
	rest := d.pending
	d.pending = nil
	switch {
	case len(rest) == 0:
	case enc == "base64":
		s += base64.StdEncoding.EncodeToString(rest)
	case enc == "base64url":
		s += base64.RawURLEncoding.EncodeToString(rest)
	case enc == "utf8":
		s += string(utf8.RuneError)
	}
	return rt.ToValue(s)
}

// incompleteUTF8 is how many bytes at the end of b begin a UTF-8
// character that is not yet complete.
func incompleteUTF8(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c&0xc0 == 0x80 {
			continue // a continuation byte: look further back
		}
		need := 0
		switch {
		case c&0xe0 == 0xc0:
			need = 2
		case c&0xf0 == 0xe0:
			need = 3
		case c&0xf8 == 0xf0:
			need = 4
		}
		if need > k {
			return k
		}
		return 0
	}
	return 0
}

// pbkdf2Params are pbkdf2's checked arguments.
type pbkdf2Params struct {
	password, salt []byte
	iterations     int
	keyLen         int
	hash           func() hash.Hash
}

// pbkdf2Args reads pbkdf2's arguments (password, salt, iterations, keylen,
// digest) with Node's checks and errors.
func pbkdf2Args(rt *goja.Runtime, call goja.FunctionCall) pbkdf2Params {
	var p pbkdf2Params
	digest := stringArg(rt, call.Argument(4), "digest")
	p.password = bytesArg(rt, call.Argument(0), goja.Undefined(), "password")
	p.salt = bytesArg(rt, call.Argument(1), goja.Undefined(), "salt")
	p.iterations = int(intArg(rt, call.Argument(2), "iterations", 1, math.MaxInt32))
	p.keyLen = int(intArg(rt, call.Argument(3), "keylen", 0, math.MaxInt32))
	p.hash = hashNamed(rt, digest)
	if p.keyLen > maxDerivedKey {
		panic(jsRangeError(rt, "ERR_OUT_OF_RANGE", fmt.Sprintf("The value of \"keylen\" is out of range. It must be >= 0 && <= %d. Received %d", maxDerivedKey, p.keyLen)))
	}
	return p
}

// hashNamed is the hash a digest name names, or Node's
// ERR_CRYPTO_INVALID_DIGEST.
func hashNamed(rt *goja.Runtime, name string) func() hash.Hash {
	a, ok := hashAlgos[strings.ToLower(name)]
	if !ok {
		panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_DIGEST", "Invalid digest: "+name))
	}
	return a.new
}

// intArg is a number argument that must be an integer in [lo, hi], with
// Node's errors (validateInteger, validateUint32).
func intArg(rt *goja.Runtime, v goja.Value, name string, lo, hi int64) int64 {
	f := numberArg(rt, v, name)
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		panic(outOfRange(rt, name, "an integer", v))
	}
	if f < float64(lo) || f > float64(hi) {
		panic(outOfRange(rt, name, fmt.Sprintf(">= %d && <= %d", lo, hi), v))
	}
	return int64(f)
}

// pbkdf2Key is PBKDF2 (RFC 8018) with HMAC over p.hash, checking ctx every
// 1024 iterations so that a large iteration count cannot outlive the
// invocation's deadline.
func pbkdf2Key(ctx context.Context, p pbkdf2Params) ([]byte, error) {
	prf := hmac.New(p.hash, p.password)
	size := prf.Size()
	out := make([]byte, 0, (p.keyLen+size-1)/size*size)
	u := make([]byte, size)
	t := make([]byte, size)
	for block := uint32(1); len(out) < p.keyLen; block++ {
		prf.Reset()
		prf.Write(p.salt)
		prf.Write([]byte{byte(block >> 24), byte(block >> 16), byte(block >> 8), byte(block)})
		u = prf.Sum(u[:0])
		copy(t, u)
		for i := 1; i < p.iterations; i++ {
			if i%1024 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			prf.Reset()
			prf.Write(u)
			u = prf.Sum(u[:0])
			subtle.XORBytes(t, t, u)
		}
		out = append(out, t...)
	}
	return out[:p.keyLen], nil
}

// hkdfDerive is hkdfSync's key: digest, ikm, salt, info, keylen, with
// Node's checks and errors.
func hkdfDerive(rt *goja.Runtime, call goja.FunctionCall) []byte {
	digest := stringArg(rt, call.Argument(0), "digest")
	ikm := secretArg(rt, call.Argument(1), "ikm", "string or an instance of SecretKeyObject, ArrayBuffer, TypedArray, DataView, or Buffer")
	salt := bytesArg(rt, call.Argument(2), goja.Undefined(), "salt")
	info := bytesArg(rt, call.Argument(3), goja.Undefined(), "info")
	n := int(intArg(rt, call.Argument(4), "length", 0, 1<<32))
	if len(info) > 1024 {
		panic(jsRangeError(rt, "ERR_OUT_OF_RANGE", fmt.Sprintf("The value of \"info\" is out of range. It must be must not contain more than 1024 bytes. Received %d", len(info))))
	}
	newHash := hashNamed(rt, digest)
	if n > 255*newHash().Size() {
		panic(jsRangeError(rt, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"))
	}
	if n == 0 {
		return []byte{}
	}
	key, err := hkdf.Key(newHash, ikm, salt, string(info), n)
	if err != nil {
		panic(jsRangeError(rt, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"))
	}
	return key
}
