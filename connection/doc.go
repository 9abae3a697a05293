// Package connection is the Auth0 custom social connection ("strategy":
// "oauth2") as a Go value: the connection JSON exactly as Auth0's Management
// API returns it (decoded losslessly), its validation, the authorization URL
// sent to the provider, the token exchange, and the login-flow HTTP handlers
// that tie the script sandbox, profile normalisation and logout together.
//
// Only this package knows about connections; packages script, profile and
// logout are given plain values.
package connection
