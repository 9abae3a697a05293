package script

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"math/big"
	"strings"

	"github.com/dop251/goja"
)

// Signatures: the one place that signs and verifies for createSign,
// createVerify and the one-call crypto.sign and crypto.verify, with the
// key options Node reads (RSA padding and PSS salt length, ECDSA's
// signature encoding).

// Node's RSA padding and PSS salt-length constants.
const (
	rsaPKCS1Padding    = 1
	rsaPKCS1PSSPadding = 6
	rsaPSSSaltDigest   = -1
	rsaPSSSaltMaxOrAny = -2
)

type signOptions struct {
	padding    int
	saltLength *int
	p1363      bool // ECDSA signature as r||s rather than DER
}

// signOptionsOf reads padding, saltLength and dsaEncoding from a key
// argument given as an object ({key, padding, ...}).
func signOptionsOf(rt *goja.Runtime, key goja.Value) signOptions {
	o := signOptions{padding: rsaPKCS1Padding}
	obj, ok := key.(*goja.Object)
	if !ok || keyHandle(key) != nil {
		return o
	}
	if _, bytesLike := isBytesLike(rt, key); bytesLike {
		return o
	}
	if v := obj.Get("padding"); present(v) {
		o.padding = int(v.ToInteger())
	}
	if v := obj.Get("saltLength"); present(v) {
		n := int(v.ToInteger())
		o.saltLength = &n
	}
	if v := obj.Get("dsaEncoding"); present(v) {
		switch enc, _ := primitiveString(v); enc {
		case "der":
		case "ieee-p1363":
			o.p1363 = true
		default:
			panic(jsTypeError(rt, "ERR_INVALID_ARG_VALUE", "The property 'options.dsaEncoding' is invalid. Received "+inspect(rt, v)))
		}
	}
	return o
}

// pssOptions is Go's reading of a PSS salt length for signing or
// verifying.
func (o signOptions) pssOptions(h crypto.Hash) *rsa.PSSOptions {
	salt := rsaPSSSaltMaxOrAny
	if o.saltLength != nil {
		salt = *o.saltLength
	}
	switch salt {
	case rsaPSSSaltDigest:
		return &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h}
	case rsaPSSSaltMaxOrAny:
		return &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto, Hash: h}
	}
	return &rsa.PSSOptions{SaltLength: salt, Hash: h}
}

func invalidPadding(rt *goja.Runtime) *goja.Object {
	return jsError(rt, "ERR_OSSL_INVALID_PADDING_MODE", "error:1C8000A8:Provider routines::invalid padding mode")
}

// signDigest signs digest, made with a, with km's private key.
func signDigest(rt *goja.Runtime, km *keyMaterial, a hashAlgo, digest []byte, o signOptions) []byte {
	var sig []byte
	var err error
	switch pk := km.priv.(type) {
	case *rsa.PrivateKey:
		switch o.padding {
		case rsaPKCS1Padding:
			sig, err = rsa.SignPKCS1v15(rand.Reader, pk, a.id, digest)
		case rsaPKCS1PSSPadding:
			sig, err = rsa.SignPSS(rand.Reader, pk, a.id, digest, o.pssOptions(a.id))
		default:
			panic(invalidPadding(rt))
		}
	case *ecdsa.PrivateKey:
		sig, err = ecdsa.SignASN1(rand.Reader, pk, digest)
		if err == nil && o.p1363 {
			sig = derToP1363(sig, (pk.Curve.Params().BitSize+7)/8)
		}
	case ed25519.PrivateKey:
		panic(jsError(rt, "ERR_OSSL_INVALID_DIGEST", "error:1C80007A:Provider routines::invalid digest"))
	default:
		panic(jsError(rt, "", "crypto: sign: unsupported key type"))
	}
	if err != nil {
		panic(jsError(rt, "", "crypto: sign: "+err.Error()))
	}
	return sig
}

// verifyDigest checks sig over digest, made with a, with km's public key.
func verifyDigest(rt *goja.Runtime, km *keyMaterial, a hashAlgo, digest, sig []byte, o signOptions) bool {
	switch pk := km.public().(type) {
	case *rsa.PublicKey:
		switch o.padding {
		case rsaPKCS1Padding:
			return rsa.VerifyPKCS1v15(pk, a.id, digest, sig) == nil
		case rsaPKCS1PSSPadding:
			return rsa.VerifyPSS(pk, a.id, digest, sig, o.pssOptions(a.id)) == nil
		}
		panic(invalidPadding(rt))
	case *ecdsa.PublicKey:
		if o.p1363 {
			n := (pk.Curve.Params().BitSize + 7) / 8
			if len(sig) != 2*n {
				return false
			}
			r, s := new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])
			return ecdsa.Verify(pk, digest, r, s)
		}
		return ecdsa.VerifyASN1(pk, digest, sig)
	case ed25519.PublicKey:
		panic(jsError(rt, "ERR_OSSL_INVALID_DIGEST", "error:1C80007A:Provider routines::invalid digest"))
	}
	return false
}

// derToP1363 rewrites an ASN.1 ECDSA signature as r||s, each n bytes.
func derToP1363(der []byte, n int) []byte {
	var rs struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &rs); err != nil {
		return der
	}
	out := make([]byte, 2*n)
	rs.R.FillBytes(out[:n])
	rs.S.FillBytes(out[n:])
	return out
}

// addOneCallSignatures adds crypto.sign(algorithm, data, key[, callback])
// and crypto.verify(algorithm, data, key, signature[, callback]): the
// algorithm a digest name, or null for the key's default (SHA-256 for RSA
// and ECDSA; Ed25519 signs the data itself), and crypto.constants.
func addOneCallSignatures(h host, exp *goja.Object) {
	rt := h.Runtime()
	algorithm := func(v goja.Value) (hashAlgo, bool) {
		if !present(v) {
			return hashAlgos["sha256"], false
		}
		name := stringArg(rt, v, "algorithm")
		a, ok := hashAlgos[strings.ToLower(name)]
		if !ok {
			panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_DIGEST", "Invalid digest: "+name))
		}
		return a, true
	}
	// settle returns v, or hands it to the callback on a later turn.
	settle := func(cbV, v goja.Value) goja.Value {
		if goja.IsUndefined(cbV) {
			return v
		}
		cb := callbackArg(rt, cbV)
		h.SetTimer(0, false, func() { callJS(cb, goja.Null(), v) })
		return goja.Undefined()
	}
	keyArg := func(v goja.Value, want string) *keyMaterial {
		if !present(v) {
			panic(jsError(rt, "ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign"))
		}
		return keyFromValue(rt, v, want)
	}
	_ = exp.Set("sign", func(call goja.FunctionCall) goja.Value {
		a, named := algorithm(call.Argument(0))
		data := bytesArg(rt, call.Argument(1), goja.Undefined(), "data")
		km := keyArg(call.Argument(2), "private")
		var sig []byte
		if pk, ok := km.priv.(ed25519.PrivateKey); ok && !named {
			sig = ed25519.Sign(pk, data)
		} else {
			hh := a.new()
			hh.Write(data)
			sig = signDigest(rt, km, a, hh.Sum(nil), signOptionsOf(rt, call.Argument(2)))
		}
		return settle(call.Argument(3), encodeBytes(rt, sig, ""))
	})
	_ = exp.Set("verify", func(call goja.FunctionCall) goja.Value {
		a, named := algorithm(call.Argument(0))
		data := bytesArg(rt, call.Argument(1), goja.Undefined(), "data")
		km := keyArg(call.Argument(2), "public")
		sig := call.Argument(3)
		raw, ok := isBytesLike(rt, sig)
		if !ok || isArrayBuffer(sig) {
			panic(argTypeError(rt, "The \"signature\" argument", "an instance of Buffer, TypedArray, or DataView", sig))
		}
		var valid bool
		if pk, ok := km.public().(ed25519.PublicKey); ok && !named {
			valid = ed25519.Verify(pk, data, raw)
		} else {
			hh := a.new()
			hh.Write(data)
			valid = verifyDigest(rt, km, a, hh.Sum(nil), raw, signOptionsOf(rt, call.Argument(2)))
		}
		return settle(call.Argument(4), rt.ToValue(valid))
	})
	lazyProperty(rt, exp, "constants", true, func() goja.Value {
		o := rt.NewObject()
		for _, c := range cryptoConstants {
			_ = o.Set(c.name, c.value)
		}
		return o
	})
}

// cryptoConstants are Node 20's crypto.constants (OpenSSL 3), in its order.
var cryptoConstants = []struct {
	name  string
	value any
}{
	{"OPENSSL_VERSION_NUMBER", 805306672},
	{"SSL_OP_ALL", 2147485776},
	{"SSL_OP_ALLOW_NO_DHE_KEX", 1024},
	{"SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION", 262144},
	{"SSL_OP_CIPHER_SERVER_PREFERENCE", 4194304},
	{"SSL_OP_CISCO_ANYCONNECT", 32768},
	{"SSL_OP_COOKIE_EXCHANGE", 8192},
	{"SSL_OP_CRYPTOPRO_TLSEXT_BUG", 2147483648},
	{"SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS", 2048},
	{"SSL_OP_LEGACY_SERVER_CONNECT", 4},
	{"SSL_OP_NO_COMPRESSION", 131072},
	{"SSL_OP_NO_ENCRYPT_THEN_MAC", 524288},
	{"SSL_OP_NO_QUERY_MTU", 4096},
	{"SSL_OP_NO_RENEGOTIATION", 1073741824},
	{"SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION", 65536},
	{"SSL_OP_NO_SSLv2", 0},
	{"SSL_OP_NO_SSLv3", 33554432},
	{"SSL_OP_NO_TICKET", 16384},
	{"SSL_OP_NO_TLSv1", 67108864},
	{"SSL_OP_NO_TLSv1_1", 268435456},
	{"SSL_OP_NO_TLSv1_2", 134217728},
	{"SSL_OP_NO_TLSv1_3", 536870912},
	{"SSL_OP_PRIORITIZE_CHACHA", 2097152},
	{"SSL_OP_TLS_ROLLBACK_BUG", 8388608},
	{"ENGINE_METHOD_RSA", 1},
	{"ENGINE_METHOD_DSA", 2},
	{"ENGINE_METHOD_DH", 4},
	{"ENGINE_METHOD_RAND", 8},
	{"ENGINE_METHOD_EC", 2048},
	{"ENGINE_METHOD_CIPHERS", 64},
	{"ENGINE_METHOD_DIGESTS", 128},
	{"ENGINE_METHOD_PKEY_METHS", 512},
	{"ENGINE_METHOD_PKEY_ASN1_METHS", 1024},
	{"ENGINE_METHOD_ALL", 65535},
	{"ENGINE_METHOD_NONE", 0},
	{"DH_CHECK_P_NOT_SAFE_PRIME", 2},
	{"DH_CHECK_P_NOT_PRIME", 1},
	{"DH_UNABLE_TO_CHECK_GENERATOR", 4},
	{"DH_NOT_SUITABLE_GENERATOR", 8},
	{"RSA_PKCS1_PADDING", 1},
	{"RSA_NO_PADDING", 3},
	{"RSA_PKCS1_OAEP_PADDING", 4},
	{"RSA_X931_PADDING", 5},
	{"RSA_PKCS1_PSS_PADDING", 6},
	{"RSA_PSS_SALTLEN_DIGEST", -1},
	{"RSA_PSS_SALTLEN_MAX_SIGN", -2},
	{"RSA_PSS_SALTLEN_AUTO", -2},
	{"defaultCoreCipherList", "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA"},
	{"TLS1_VERSION", 769},
	{"TLS1_1_VERSION", 770},
	{"TLS1_2_VERSION", 771},
	{"TLS1_3_VERSION", 772},
	{"POINT_CONVERSION_COMPRESSED", 2},
	{"POINT_CONVERSION_UNCOMPRESSED", 4},
	{"POINT_CONVERSION_HYBRID", 6},
	{"defaultCipherList", "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA"},
}
