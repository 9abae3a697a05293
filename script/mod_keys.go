package script

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	encjson "encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"strings"

	"github.com/dop251/goja"
	jose "github.com/go-jose/go-jose/v4"
)

// Key material for the crypto KeyObject API and for jsonwebtoken. Parsing
// follows what Node's crypto.createPublicKey / createPrivateKey /
// createSecretKey accept for PEM (SPKI, PKCS#1, PKCS#8, SEC1, X.509
// certificates) and JWK input. Encrypted private keys, DER input and RSA-PSS
// key OIDs are not supported.

// keyMaterial is the Go half of a KeyObject.
type keyMaterial struct {
	kind   string // "secret", "public" or "private"
	secret []byte
	pub    crypto.PublicKey
	priv   crypto.Signer
}

// keyHandleProp names the hidden property holding a KeyObject's Go half.
const keyHandleProp = "__keyMaterial"

// errKeyUnsupported mirrors OpenSSL's decoder failure message in Node.
var errKeyUnsupported = errors.New("error:1E08010C:DECODER routines::unsupported")

func (k *keyMaterial) asymmetricType() string {
	var pk crypto.PublicKey = k.pub
	if k.priv != nil {
		pk = k.priv.Public()
	}
	switch pk.(type) {
	case *rsa.PublicKey:
		return "rsa"
	case *ecdsa.PublicKey:
		return "ec"
	case ed25519.PublicKey:
		return "ed25519"
	}
	return ""
}

func (k *keyMaterial) public() crypto.PublicKey {
	if k.priv != nil {
		return k.priv.Public()
	}
	return k.pub
}

// curveName returns OpenSSL's name for an EC key's curve.
func curveName(c elliptic.Curve) string {
	switch c {
	case elliptic.P256():
		return "prime256v1"
	case elliptic.P384():
		return "secp384r1"
	case elliptic.P521():
		return "secp521r1"
	}
	return ""
}

// parseKeyPEM parses PEM text into key material of the wanted kind
// ("public" or "private"). A private key yields its public half when
// "public" is wanted, as in Node.
func parseKeyPEM(data []byte, want string) (*keyMaterial, error) {
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errKeyUnsupported
		}
		km, err := parsePEMBlock(block, want)
		if err == nil {
			return km, nil
		}
		if !errors.Is(err, errKeyUnsupported) {
			return nil, err
		}
	}
}

func parsePEMBlock(block *pem.Block, want string) (*keyMaterial, error) {
	var priv any
	var pub any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		cert, err = x509.ParseCertificate(block.Bytes)
		if err == nil {
			pub = cert.PublicKey
		}
	case "PRIVATE KEY":
		priv, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		priv, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		priv, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, errKeyUnsupported
	}
	if err != nil {
		return nil, fmt.Errorf("error:068000A8:asn1 encoding routines::wrong tag")
	}
	if priv != nil {
		s, ok := priv.(crypto.Signer)
		if !ok {
			return nil, errKeyUnsupported
		}
		if want == "public" {
			return &keyMaterial{kind: "public", pub: s.Public()}, nil
		}
		return &keyMaterial{kind: "private", priv: s}, nil
	}
	if want == "private" {
		return nil, errKeyUnsupported
	}
	return &keyMaterial{kind: "public", pub: pub}, nil
}

// parseKeyJWK parses a JSON Web Key object.
func parseKeyJWK(raw []byte, want string) (*keyMaterial, error) {
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON(raw); err != nil {
		return nil, fmt.Errorf("Invalid JWK data: %w", err)
	}
	switch key := k.Key.(type) {
	case []byte:
		return &keyMaterial{kind: "secret", secret: key}, nil
	case crypto.Signer:
		if want == "public" {
			return &keyMaterial{kind: "public", pub: key.Public()}, nil
		}
		return &keyMaterial{kind: "private", priv: key}, nil
	default:
		if want == "private" {
			return nil, errors.New("Invalid JWK private key")
		}
		return &keyMaterial{kind: "public", pub: key}, nil
	}
}

// keyFromValue converts a KeyObject, PEM string/Buffer, or {key, format}
// object into key material of the wanted kind ("public", "private" or
// "secret"). It throws Node-compatible errors.
func keyFromValue(rt *goja.Runtime, v goja.Value, want string) *keyMaterial {
	if km := keyHandle(v); km != nil {
		if want == "public" && km.kind == "private" {
			return &keyMaterial{kind: "public", pub: km.priv.Public()}
		}
		if want != km.kind {
			panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", fmt.Sprintf("Invalid key object type %s, expected %s.", km.kind, want)))
		}
		return km
	}
	if want == "secret" {
		b, ok := isBytesLike(rt, v)
		if !ok {
			s, isStr := primitiveString(v)
			if !isStr {
				panic(argTypeError(rt, "The \"key\" argument", "an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v))
			}
			b = []byte(s)
		}
		return &keyMaterial{kind: "secret", secret: append([]byte(nil), b...)}
	}
	data, ok := isBytesLike(rt, v)
	if s, isStr := primitiveString(v); !ok && isStr {
		data, ok = []byte(s), true
	}
	if !ok {
		switch v.Export().(type) {
		case map[string]any:
			o := v.ToObject(rt)
			inner := o.Get("key")
			format := ""
			if f := o.Get("format"); f != nil && !goja.IsUndefined(f) {
				format = f.String()
			}
			if format == "jwk" {
				if inner == nil || goja.IsUndefined(inner) {
					panic(argTypeError(rt, "The \"key.key\" property", "of type object", inner))
				}
				raw, err := encjson.Marshal(inner.Export())
				if err != nil {
					panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK data"))
				}
				km, err := parseKeyJWK(raw, want)
				if err != nil {
					panic(jsTypeError(rt, "ERR_CRYPTO_INVALID_JWK", err.Error()))
				}
				return km
			}
			if inner == nil || goja.IsUndefined(inner) {
				panic(jsTypeError(rt, "ERR_INVALID_ARG_TYPE", "The \"key.key\" property must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey. Received undefined"))
			}
			return keyFromValue(rt, inner, want)
		default:
			panic(argTypeError(rt, "The \"key\" argument", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey", v))
		}
	}
	km, err := parseKeyPEM(data, want)
	if err != nil {
		code := "ERR_OSSL_UNSUPPORTED"
		if strings.Contains(err.Error(), "wrong tag") {
			code = "ERR_OSSL_ASN1_WRONG_TAG"
		}
		panic(jsError(rt, code, err.Error()))
	}
	return km
}

// keyHandle returns the Go half of a KeyObject, or nil.
func keyHandle(v goja.Value) *keyMaterial {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	h := o.Get(keyHandleProp)
	if h == nil {
		return nil
	}
	km, _ := h.Export().(*keyMaterial)
	return km
}

// newKeyObject wraps key material in a JavaScript object shaped like Node's
// KeyObject (type, asymmetricKeyType, asymmetricKeyDetails,
// symmetricKeySize).
func newKeyObject(rt *goja.Runtime, proto *goja.Object, km *keyMaterial) *goja.Object {
	o := rt.NewObject()
	if proto != nil {
		_ = o.SetPrototype(proto)
	}
	_ = o.DefineDataProperty(keyHandleProp, rt.ToValue(km), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	_ = o.DefineDataProperty("type", rt.ToValue(km.kind), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	if km.kind == "secret" {
		_ = o.DefineDataProperty("symmetricKeySize", rt.ToValue(len(km.secret)), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		return o
	}
	_ = o.DefineDataProperty("asymmetricKeyType", rt.ToValue(km.asymmetricType()), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	details := rt.NewObject()
	switch pk := km.public().(type) {
	case *rsa.PublicKey:
		_ = details.Set("modulusLength", pk.N.BitLen())
		_ = details.Set("publicExponent", pk.E)
	case *ecdsa.PublicKey:
		_ = details.Set("namedCurve", curveName(pk.Curve))
	}
	_ = o.DefineDataProperty("asymmetricKeyDetails", details, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return o
}

// jwsHash returns the hash for a JWS algorithm's size suffix.
func jwsHash(alg string) (crypto.Hash, func() hash.Hash, bool) {
	if len(alg) != 5 {
		return 0, nil, false
	}
	switch alg[2:] {
	case "256":
		return crypto.SHA256, sha256.New, true
	case "384":
		return crypto.SHA384, sha512.New384, true
	case "512":
		return crypto.SHA512, sha512.New, true
	}
	return 0, nil, false
}

// errJWSAlgorithm is returned for an algorithm jwa does not know; its text is
// jwa's.
func errJWSAlgorithm(alg string) error {
	return fmt.Errorf("\"%s\" is not a valid algorithm.\n  Supported algorithms are:\n  \"HS256\", \"HS384\", \"HS512\", \"RS256\", \"RS384\", \"RS512\", \"PS256\", \"PS384\", \"PS512\", \"ES256\", \"ES384\", \"ES512\" and \"none\"", alg)
}

// jwsVerify checks a JWS signature (base64url text) over signingInput, with
// the semantics of the jwa package used by jsonwebtoken.
func jwsVerify(alg, signingInput, sig string, km *keyMaterial) (bool, error) {
	if alg == "none" {
		return sig == "", nil
	}
	h, newHash, ok := jwsHash(alg)
	if !ok {
		return false, errJWSAlgorithm(alg)
	}
	switch alg[:2] {
	case "HS":
		if km == nil || km.kind != "secret" {
			return false, errors.New("key must be a string or buffer")
		}
		m := hmac.New(newHash, km.secret)
		m.Write([]byte(signingInput))
		want := base64.RawURLEncoding.EncodeToString(m.Sum(nil))
		return subtle.ConstantTimeCompare([]byte(want), []byte(sig)) == 1, nil
	case "RS", "PS", "ES":
	default:
		return false, errJWSAlgorithm(alg)
	}
	if km == nil || km.kind == "secret" {
		return false, errors.New("key must be a string, a buffer or an object")
	}
	d := newHash()
	d.Write([]byte(signingInput))
	digest := d.Sum(nil)
	raw := lenientBase64(sig)
	switch pk := km.public().(type) {
	case *rsa.PublicKey:
		switch alg[:2] {
		case "RS":
			return rsa.VerifyPKCS1v15(pk, h, digest, raw) == nil, nil
		case "PS":
			return rsa.VerifyPSS(pk, h, digest, raw, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil, nil
		}
		return false, nil
	case *ecdsa.PublicKey:
		if alg[:2] != "ES" {
			return false, nil
		}
		size := (pk.Curve.Params().BitSize + 7) / 8
		want := map[string]int{"ES256": 32, "ES384": 48, "ES512": 66}[alg]
		if len(raw) != 2*want {
			return false, fmt.Errorf("\"%s\" signatures must be \"%d\" bytes, saw \"%d\"", alg, 2*want, len(raw))
		}
		if size != want {
			return false, nil
		}
		r := new(big.Int).SetBytes(raw[:want])
		s := new(big.Int).SetBytes(raw[want:])
		return ecdsa.Verify(pk, digest, r, s), nil
	}
	return false, nil
}

// jwsSign signs signingInput and returns the base64url signature, with the
// semantics of the jwa package used by jsonwebtoken.
func jwsSign(alg, signingInput string, km *keyMaterial) (string, error) {
	if alg == "none" {
		return "", nil
	}
	h, newHash, ok := jwsHash(alg)
	if !ok {
		return "", errJWSAlgorithm(alg)
	}
	if alg[:2] == "HS" {
		if km == nil || km.kind != "secret" {
			return "", errors.New("key must be a string or buffer")
		}
		m := hmac.New(newHash, km.secret)
		m.Write([]byte(signingInput))
		return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
	}
	if km == nil || km.kind != "private" {
		return "", errors.New("key must be a string, a buffer or an object")
	}
	d := newHash()
	d.Write([]byte(signingInput))
	digest := d.Sum(nil)
	switch alg[:2] {
	case "RS":
		pk, ok := km.priv.(*rsa.PrivateKey)
		if !ok {
			return "", errors.New("error:1C8000A5:Provider routines::illegal or unsupported padding mode")
		}
		s, err := rsa.SignPKCS1v15(rand.Reader, pk, h, digest)
		if err != nil {
			return "", err
		}
		return base64.RawURLEncoding.EncodeToString(s), nil
	case "PS":
		pk, ok := km.priv.(*rsa.PrivateKey)
		if !ok {
			return "", errors.New("error:1C8000A5:Provider routines::illegal or unsupported padding mode")
		}
		s, err := rsa.SignPSS(rand.Reader, pk, h, digest, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		if err != nil {
			return "", err
		}
		return base64.RawURLEncoding.EncodeToString(s), nil
	case "ES":
		pk, ok := km.priv.(*ecdsa.PrivateKey)
		if !ok {
			return "", errors.New("error:1C8000A5:Provider routines::illegal or unsupported padding mode")
		}
		r, s, err := ecdsa.Sign(rand.Reader, pk, digest)
		if err != nil {
			return "", err
		}
		size := (pk.Curve.Params().BitSize + 7) / 8
		out := make([]byte, 2*size)
		r.FillBytes(out[:size])
		s.FillBytes(out[size:])
		return base64.RawURLEncoding.EncodeToString(out), nil
	}
	return "", errJWSAlgorithm(alg)
}
