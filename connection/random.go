package connection

import (
	"crypto/rand"
	"encoding/base64"

	"golang.org/x/oauth2"
)

// NewState returns a fresh state value for one authorization request: 32
// bytes from crypto/rand, base64url-encoded without padding (43 characters).
// Binding it to the browser and checking it on the callback is the login
// flow's job.
func NewState() string { return randomToken() }

// NewNonce returns a fresh OpenID Connect nonce, made like NewState.
func NewNonce() string { return randomToken() }

// NewCodeVerifier returns a fresh PKCE code verifier (RFC 7636, 43
// characters, from crypto/rand) as golang.org/x/oauth2 makes it. Pass it as
// AuthRequest.CodeVerifier; the S256 challenge is derived from it.
func NewCodeVerifier() string { return oauth2.GenerateVerifier() }

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails; it crashes the program instead.
	return base64.RawURLEncoding.EncodeToString(b[:])
}
