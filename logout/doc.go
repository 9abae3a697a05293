// Package logout resolves federated logout for a custom social connection: a
// fixed logoutUrl, a getLogoutUrl script, or an OpenID Provider's
// end_session_endpoint, with returnTo checked against an allow-list first.
package logout
