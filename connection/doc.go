// Package connection is the Auth0 custom social connection ("strategy":
// "oauth2") as a Go value: the connection JSON exactly as Auth0's Management API
// returns it (decoded losslessly), its validation, the authorization URL sent to
// the provider, the token exchange, and the login-flow HTTP handlers that tie the
// script sandbox, profile normalisation and logout together.
//
// Only this package knows about connections; packages script, profile and logout
// are given plain values.
//
// # Loading
//
// Load decodes a connection document and validates it; Validate reports every
// problem at once as a *ValidationError whose entries name a JSON path
// ("options.tokenURL") and a plain reason, never a secret. Unknown keys survive
// a decode/encode round trip, and MergeOptions applies a partial options update
// without dropping the keys it does not mention (a PATCH to Auth0 replaces the
// whole options object).
//
// # One login, step by step
//
// A service usually mounts the handlers of a Flow (NewFlow): Login, Callback
// and Logout. Underneath, a login is:
//
//  1. AuthorizeURL builds the provider URL with state, PKCE, nonce and the
//     connection's authParams, authParamsMap and upstream_params. Protocol
//     parameters are only ever ours.
//  2. The provider redirects back to the callback; Callback checks state
//     against the sealed transaction cookie, the RFC 9207 iss parameter and
//     the provider's error, if any.
//  3. Exchange trades the code (with the PKCE verifier) for tokens and keeps
//     every raw parameter of the answer (TokenResponse.Raw).
//  4. With options.issuer set, the ID token is verified (signature, iss, aud,
//     exp, nonce).
//  5. The fetchUserProfile script runs with the access token and
//     TokenResponse.ScriptContext as ctx (package script).
//  6. The result is normalised into an Auth0-shaped user (package profile) and
//     handed to FlowConfig.OnLogin.
//
// Logout ends the service's session and, when the connection configures it,
// the provider's (package logout), with returnTo checked against an allow-list.
//
// # Errors
//
// Validation problems are *ValidationError; token endpoint failures are
// *TokenError with the RFC 6749 fields; every handler failure reaches
// FlowConfig.OnError as a *FlowError naming its step. No error message contains
// a client secret, an authorization code or a token.
package connection
