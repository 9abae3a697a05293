package connection

import "encoding/json"

// Connection is an Auth0 connection object with "strategy": "oauth2", as the
// Management API returns it from GET /api/v2/connections/{id}.
//
// Decoding and encoding are lossless: keys this package does not know, in
// options and at the top level, are kept in Extra and written back unchanged,
// and known keys the document had with a zero value or null ("pkce_enabled":
// false, "scripts": {}) are remembered, so encoding a decoded connection gives
// a JSON-equal document. A Connection built in Go encodes name, strategy,
// options and its non-zero fields. Use Decode or Load to read one, Validate
// to check it, AuthorizeURL to start a login and MergeOptions or PatchBody to
// update it through the Management API.
type Connection struct {
	// ID is the server-assigned identifier (con_...).
	ID string `json:"id,omitempty"`
	// Name is the connection's logical, immutable name; it appears in user ids.
	Name string `json:"name"`
	// DisplayName is the login-button label.
	DisplayName string `json:"display_name,omitempty"`
	// Strategy is always "oauth2" for a custom social connection.
	Strategy string `json:"strategy"`
	// Options holds the provider settings and scripts.
	Options Options `json:"options"`
	// EnabledClients lists the client ids of applications using the connection.
	EnabledClients []string `json:"enabled_clients,omitempty"`
	// Realms lists the connection's realms; empty means the name alone.
	Realms []string `json:"realms,omitempty"`
	// IsDomainConnection marks a connection usable by third-party applications.
	IsDomainConnection bool `json:"is_domain_connection,omitempty"`
	// Metadata holds up to 10 free-form string (or null) values.
	Metadata map[string]*string `json:"metadata,omitempty"`
	// Extra holds every other top-level key, verbatim (for example
	// authentication and connected_accounts). Entries whose key is one of the
	// fields above are ignored when encoding.
	Extra map[string]json.RawMessage `json:"-"`

	// keys records which known keys the decoded document had, and which of
	// them were null, so that encoding gives back an equal document.
	keys keyStates
}

// Options is the options object of an oauth2 connection.
type Options struct {
	// ClientID is the client id registered at the provider.
	ClientID string `json:"client_id,omitempty"`
	// ClientSecret is the client secret registered at the provider; empty for
	// public clients.
	ClientSecret string `json:"client_secret,omitempty"`
	// AuthorizationURL is the provider's authorization endpoint; it may carry a
	// query string, which is kept.
	AuthorizationURL string `json:"authorizationURL,omitempty"`
	// TokenURL is the provider's token endpoint.
	TokenURL string `json:"tokenURL,omitempty"`
	// Scope is the scope sent to the provider, configured as a string or an
	// array.
	Scope Scope `json:"scope,omitempty"`
	// UseOauthSpecScope selects a space (true) rather than a comma (false) as
	// the delimiter when connection_scope adds scopes.
	UseOauthSpecScope bool `json:"useOauthSpecScope,omitempty"`
	// Scripts holds the fetchUserProfile and getLogoutUrl sources.
	Scripts Scripts `json:"scripts,omitempty"`
	// AuthParams are static parameters added to every authorization request.
	AuthParams map[string]string `json:"authParams,omitempty"`
	// AuthParamsMap maps a provider parameter name to the name of a login
	// request parameter whose value is copied into it.
	AuthParamsMap map[string]string `json:"authParamsMap,omitempty"`
	// UpstreamParams are Auth0's generic upstream parameters: each a static
	// value or an alias of a login request parameter.
	UpstreamParams map[string]UpstreamParam `json:"upstream_params,omitempty"`
	// CustomHeaders are added to the token request.
	CustomHeaders map[string]string `json:"customHeaders,omitempty"`
	// PKCEEnabled turns on PKCE (S256) between this library and the provider.
	PKCEEnabled bool `json:"pkce_enabled,omitempty"`
	// LogoutURL is a fixed provider logout URL for federated logout.
	LogoutURL string `json:"logoutUrl,omitempty"`
	// IconURL is the login-button icon.
	IconURL string `json:"icon_url,omitempty"`
	// SetUserRootAttributes is on_each_login (default), on_first_login or
	// never_on_login.
	SetUserRootAttributes string `json:"set_user_root_attributes,omitempty"`
	// NonPersistentAttrs lists root attributes usable during login but not
	// stored.
	NonPersistentAttrs []string `json:"non_persistent_attrs,omitempty"`
	// FieldsMap maps provider profile fields to user attributes.
	FieldsMap map[string]string `json:"fieldsMap,omitempty"`
	// Issuer is a socialconn extension, not part of Auth0's schema: the
	// provider's OpenID Connect issuer. When set, the provider's discovery
	// document is used to verify ID tokens, check the RFC 9207 iss parameter
	// and offer RP-initiated logout. Auth0 keeps unknown options keys, so the
	// same JSON still loads there.
	Issuer string `json:"issuer,omitempty"`
	// Extra holds every other options key, verbatim. Entries whose key is one
	// of the fields above are ignored when encoding.
	Extra map[string]json.RawMessage `json:"-"`

	// keys records which known keys the decoded document had, and which of
	// them were null.
	keys keyStates
}

// Scripts holds the connection's JavaScript sources.
type Scripts struct {
	// FetchUserProfile is the fetchUserProfile(accessToken, ctx, callback)
	// source.
	FetchUserProfile string `json:"fetchUserProfile,omitempty"`
	// GetLogoutURL is the getLogoutUrl(query, callback) source.
	GetLogoutURL string `json:"getLogoutUrl,omitempty"`

	// state records the decoded form of the two keys; unknown holds any other
	// keys as a compact JSON object, kept so that Validate can report them and
	// encoding can write them back.
	state   pairState
	unknown string
}

// UpstreamParam is one upstream_params entry: exactly one of Value (static)
// or Alias (copied from the login request) is set.
type UpstreamParam struct {
	// Value is a static value.
	Value string `json:"value,omitempty"`
	// Alias names the login request parameter whose value is sent.
	Alias string `json:"alias,omitempty"`

	// state and unknown play the same role as in Scripts.
	state   pairState
	unknown string
}

// Scope is options.scope, which Auth0 accepts as a space-separated string or as
// an array of scopes. The configured form is remembered so that encoding gives
// back what was decoded.
type Scope struct {
	// Values are the scopes: one element holding the whole string when the
	// scope was configured as a string (kept verbatim, whatever its
	// separators), or one element per array item.
	Values []string
	// IsArray records that the scope was configured as an array.
	IsArray bool
}
