// Package logout resolves federated logout for a custom social connection: a
// fixed logoutUrl, a getLogoutUrl script, or an OpenID Provider's
// end_session_endpoint, with returnTo checked against an allow-list first.
//
// Resolve is the entry point. It follows Auth0's rules (options.logoutUrl
// wins and is used verbatim; getLogoutUrl runs only without it; neither means
// no provider logout) and adds RP-initiated logout for OpenID Providers as a
// last resort, so connections written for Auth0 behave as they do there.
//
// Hardening (deliberate differences from Auth0, all in the direction of
// refusing):
//
//   - returnTo is validated against the allow-list on every path, including
//     the federated one where Auth0 does not validate it, and before the
//     script sees it (RFC 9700: no open redirectors).
//   - A getLogoutUrl result must be an absolute http(s) URL with a host;
//     javascript:, data:, relative and protocol-relative URLs, URLs with
//     userinfo, whitespace, control characters or backslashes, and URLs over
//     2048 bytes are refused (ValidateLogoutURL).
//   - The script runs under a deadline and its failure does not block the
//     local logout: Resolve still returns the validated returnTo.
//   - Errors never contain tokens or the rejected URLs.
//
// The package knows nothing about connections or the script engine: package
// connection passes plain values (a ScriptFunc, an *AllowList, an
// *EndSession).
package logout
