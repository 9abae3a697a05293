package script

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/x509"
	encjson "encoding/json"
	"encoding/pem"
	"fmt"
	"hash"
	"strings"

	"github.com/dop251/goja"
	jose "github.com/go-jose/go-jose/v4"
)

// Module crypto: the subset of Node's crypto that scripts use — hashes,
// HMAC, random bytes and UUIDs, constant-time comparison, KeyObjects from
// PEM/JWK, RSA/ECDSA Sign/Verify, and AES ciphers, pbkdf2 and hkdf
// (mod_cipher.go). Key generation, DH, scrypt and webcrypto.subtle are not
// provided.

func init() { registerModule("crypto", loadCrypto) }

type hashAlgo struct {
	id  crypto.Hash
	new func() hash.Hash
}

// hashAlgos maps Node digest names (lower-cased) to Go hashes.
var hashAlgos = map[string]hashAlgo{
	"md5":        {crypto.MD5, md5.New},
	"sha1":       {crypto.SHA1, sha1.New},
	"sha-1":      {crypto.SHA1, sha1.New},
	"rsa-sha1":   {crypto.SHA1, sha1.New},
	"sha224":     {crypto.SHA224, sha256.New224},
	"sha256":     {crypto.SHA256, sha256.New},
	"sha-256":    {crypto.SHA256, sha256.New},
	"rsa-sha256": {crypto.SHA256, sha256.New},
	"sha384":     {crypto.SHA384, sha512.New384},
	"sha-384":    {crypto.SHA384, sha512.New384},
	"rsa-sha384": {crypto.SHA384, sha512.New384},
	"sha512":     {crypto.SHA512, sha512.New},
	"sha-512":    {crypto.SHA512, sha512.New},
	"rsa-sha512": {crypto.SHA512, sha512.New},
}

func loadCrypto(h host) (goja.Value, error) {
	rt := h.Runtime()
	exp := rt.NewObject()

	// KeyObject cannot be constructed by scripts, as in Node.
	keyObjectCtor := rt.ToValue(func(goja.ConstructorCall) *goja.Object {
		panic(jsTypeError(rt, "ERR_INVALID_ARG_TYPE", "The \"type\" argument must be one of: 'secret', 'public', 'private'."))
	}).ToObject(rt)
	keyProto := keyObjectCtor.Get("prototype").ToObject(rt)
	_ = keyProto.Set("equals", func(call goja.FunctionCall) goja.Value {
		a, b := keyHandle(call.This), keyHandle(call.Argument(0))
		return rt.ToValue(a != nil && b != nil && a.kind == b.kind && keyEqual(a, b))
	})
	_ = keyProto.Set("export", func(call goja.FunctionCall) goja.Value {
		km := keyHandle(call.This)
		if km == nil {
			panic(jsTypeError(rt, "ERR_INVALID_THIS", "Value of \"this\" must be of type KeyObject"))
		}
		format, typ := "", ""
		if o, ok := call.Argument(0).(*goja.Object); ok {
			if v := o.Get("format"); v != nil && !goja.IsUndefined(v) {
				format = v.String()
			}
			if v := o.Get("type"); v != nil && !goja.IsUndefined(v) {
				typ = v.String()
			}
		}
		out, err := exportKey(km, format, typ)
		if err != nil {
			panic(jsTypeError(rt, "ERR_INVALID_ARG_VALUE", err.Error()))
		}
		switch x := out.(type) {
		case []byte:
			return encodeBytes(rt, x, "")
		case map[string]any:
			return rt.ToValue(x)
		default:
			return rt.ToValue(out)
		}
	})
	_ = exp.Set("KeyObject", keyObjectCtor)

	// hasher builds a Hash/Hmac object around a Go hash.
	hasher := func(hh hash.Hash) *goja.Object {
		o := rt.NewObject()
		done := false
		_ = o.Set("update", func(call goja.FunctionCall) goja.Value {
			if done {
				panic(jsError(rt, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called"))
			}
			hh.Write(dataArg(rt, call.Argument(0), call.Argument(1), "data"))
			return call.This
		})
		_ = o.Set("digest", func(call goja.FunctionCall) goja.Value {
			if done {
				panic(jsError(rt, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called"))
			}
			done = true
			enc := normEncoding(call.Argument(0))
			if !knownEncodings[enc] {
				enc = "" // Node answers a Buffer for an encoding it does not know
			}
			return encodeBytes(rt, hh.Sum(nil), enc)
		})
		return o
	}
	_ = exp.Set("createHash", func(v goja.Value) *goja.Object {
		a, ok := hashAlgos[strings.ToLower(stringArg(rt, v, "algorithm"))]
		if !ok {
			panic(jsError(rt, "", "Digest method not supported"))
		}
		return hasher(a.new())
	})
	_ = exp.Set("createHmac", func(v, key goja.Value) *goja.Object {
		h := hashNamed(rt, stringArg(rt, v, "hmac"))
		return hasher(hmac.New(h, secretArg(rt, key, "key", "string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey")))
	})
	_ = exp.Set("getHashes", func() []string {
		return []string{"RSA-SHA1", "RSA-SHA256", "RSA-SHA384", "RSA-SHA512", "md5", "sha1", "sha224", "sha256", "sha384", "sha512"}
	})

	_ = exp.Set("randomBytes", func(call goja.FunctionCall) goja.Value {
		n := call.Argument(0).ToInteger()
		if n < 0 || n > 1<<20 {
			panic(jsRangeError(rt, "ERR_OUT_OF_RANGE", fmt.Sprintf("The value of \"size\" is out of range. It must be >= 0 && <= %d. Received %d", 1<<20, n)))
		}
		b := make([]byte, n)
		_, _ = rand.Read(b)
		buf := encodeBytes(rt, b, "")
		if cb, ok := goja.AssertFunction(call.Argument(1)); ok {
			h.SetTimer(0, false, func() { callJS(cb, goja.Null(), buf) })
			return goja.Undefined()
		}
		return buf
	})
	getRandomValues := func(call goja.FunctionCall) goja.Value {
		b, ok := isBytesLike(rt, call.Argument(0))
		if !ok {
			panic(argTypeError(rt, "The \"typedArray\" argument", "an instance of Int8Array, Int16Array, Int32Array, Uint8Array, Uint16Array, Uint32Array, or Uint8ClampedArray", call.Argument(0)))
		}
		if len(b) > 65536 {
			panic(jsError(rt, "", "The ArrayBufferView's byte length exceeds the number of bytes of entropy available via this API (65536)"))
		}
		_, _ = rand.Read(b)
		return call.Argument(0)
	}
	_ = exp.Set("getRandomValues", getRandomValues)
	randomUUID := func() string {
		var u [16]byte
		_, _ = rand.Read(u[:])
		u[6] = u[6]&0x0f | 0x40
		u[8] = u[8]&0x3f | 0x80
		return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
	}
	_ = exp.Set("randomUUID", randomUUID)
	web := rt.NewObject()
	_ = web.Set("getRandomValues", getRandomValues)
	_ = web.Set("randomUUID", randomUUID)
	_ = exp.Set("webcrypto", web)

	_ = exp.Set("timingSafeEqual", func(a, b goja.Value) bool {
		x, ok1 := isBytesLike(rt, a)
		y, ok2 := isBytesLike(rt, b)
		if !ok1 || !ok2 {
			bad, name := a, "buf1"
			if ok1 {
				bad, name = b, "buf2"
			}
			panic(argTypeError(rt, "The \""+name+"\" argument", "an instance of ArrayBuffer, Buffer, TypedArray, or DataView", bad))
		}
		if len(x) != len(y) {
			panic(jsRangeError(rt, "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length"))
		}
		return subtle.ConstantTimeCompare(x, y) == 1
	})

	_ = exp.Set("createPublicKey", func(v goja.Value) *goja.Object {
		return newKeyObject(rt, keyProto, keyFromValue(rt, v, "public"))
	})
	_ = exp.Set("createPrivateKey", func(v goja.Value) *goja.Object {
		return newKeyObject(rt, keyProto, keyFromValue(rt, v, "private"))
	})
	_ = exp.Set("createSecretKey", func(v goja.Value, enc goja.Value) *goja.Object {
		if s, ok := v.Export().(string); ok && !goja.IsUndefined(enc) {
			return newKeyObject(rt, keyProto, &keyMaterial{kind: "secret", secret: decodeString(s, normEncoding(enc))})
		}
		return newKeyObject(rt, keyProto, keyFromValue(rt, v, "secret"))
	})

	signer := func(v goja.Value, verify bool) *goja.Object {
		a, ok := hashAlgos[strings.ToLower(stringArg(rt, v, "algorithm"))]
		if !ok {
			panic(jsError(rt, "", "Invalid digest"))
		}
		hh := a.new()
		o := rt.NewObject()
		_ = o.Set("update", func(call goja.FunctionCall) goja.Value {
			hh.Write(dataArg(rt, call.Argument(0), call.Argument(1), "data"))
			return call.This
		})
		if verify {
			_ = o.Set("verify", func(key, sig, enc goja.Value) bool {
				km := keyFromValue(rt, key, "public")
				return verifyDigest(rt, km, a, hh.Sum(nil), bytesArg(rt, sig, enc, "signature"), signOptionsOf(rt, key))
			})
			return o
		}
		_ = o.Set("sign", func(key, enc goja.Value) goja.Value {
			km := keyFromValue(rt, key, "private")
			return encodeBytes(rt, signDigest(rt, km, a, hh.Sum(nil), signOptionsOf(rt, key)), normEncoding(enc))
		})
		return o
	}
	_ = exp.Set("createSign", func(v goja.Value) *goja.Object { return signer(v, false) })
	_ = exp.Set("createVerify", func(v goja.Value) *goja.Object { return signer(v, true) })
	addCiphers(h, exp)
	addOneShots(h, exp)
	addOneCallSignatures(h, exp)
	return exp, nil
}

func keyEqual(a, b *keyMaterial) bool {
	switch a.kind {
	case "secret":
		return subtle.ConstantTimeCompare(a.secret, b.secret) == 1
	default:
		type eq interface{ Equal(crypto.PublicKey) bool }
		if e, ok := a.public().(eq); ok {
			return e.Equal(b.public())
		}
	}
	return false
}

// exportKey implements KeyObject.export for the formats scripts use: secret
// keys as bytes (or JWK), public/private keys as PEM (spki, pkcs1, pkcs8,
// sec1) or JWK.
func exportKey(km *keyMaterial, format, typ string) (any, error) {
	if format == "jwk" {
		var key any = km.secret
		switch km.kind {
		case "public":
			key = km.pub
		case "private":
			key = km.priv
		}
		raw, err := (&jose.JSONWebKey{Key: key}).MarshalJSON()
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := encjson.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		return m, nil
	}
	if km.kind == "secret" {
		return append([]byte(nil), km.secret...), nil
	}
	if format != "pem" && format != "der" {
		return nil, fmt.Errorf("The property 'options.format' must be one of: 'pem', 'der', 'jwk'. Received %q", format)
	}
	var der []byte
	var blockType string
	var err error
	switch {
	case km.kind == "public" && typ == "pkcs1":
		pk, ok := km.pub.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("The property 'options.type' is invalid for this key type. Received 'pkcs1'")
		}
		der, blockType = x509.MarshalPKCS1PublicKey(pk), "RSA PUBLIC KEY"
	case km.kind == "public":
		der, err = x509.MarshalPKIXPublicKey(km.pub)
		blockType = "PUBLIC KEY"
	case typ == "pkcs1":
		pk, ok := km.priv.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("The property 'options.type' is invalid for this key type. Received 'pkcs1'")
		}
		der, blockType = x509.MarshalPKCS1PrivateKey(pk), "RSA PRIVATE KEY"
	case typ == "sec1":
		pk, ok := km.priv.(*ecdsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("The property 'options.type' is invalid for this key type. Received 'sec1'")
		}
		der, err = x509.MarshalECPrivateKey(pk)
		blockType = "EC PRIVATE KEY"
	default:
		der, err = x509.MarshalPKCS8PrivateKey(km.priv)
		blockType = "PRIVATE KEY"
	}
	if err != nil {
		return nil, err
	}
	if format == "der" {
		return der, nil
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})), nil
}
