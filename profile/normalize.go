package profile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"unicode"
)

// Tokens are the provider's tokens from the token endpoint response. They are
// stored on the user's identity, never at the root.
type Tokens struct {
	// AccessToken is the token endpoint's access_token.
	AccessToken string
	// RefreshToken is the token endpoint's refresh_token, when issued.
	RefreshToken string
	// ExpiresIn is the token endpoint's expires_in, in seconds; 0 if absent.
	ExpiresIn int64
}

// Options configure Normalize.
type Options struct {
	// Connection is the connection name; required. It is used as given:
	// validating its format is the connection package's job.
	Connection string
	// DisableGravatar stops Normalize from deriving a picture URL from a
	// hash of the email (hardening: the URL discloses an MD5 of the address
	// to whoever renders it). Users without a provider picture then have
	// none.
	DisableGravatar bool
	// Logger receives warnings about attributes Normalize dropped or could
	// not use. Messages name the attribute, never its value. Nil discards.
	Logger *slog.Logger
}

// ErrNoUserID is returned (wrapped) when the profile has no usable user_id or
// id. Test with errors.Is.
var ErrNoUserID = errors.New("the profile has no user_id (nor id)")

// Error is the error Normalize returns for a profile it cannot turn into a
// user. Its message names the connection and the attribute at fault, never a
// value from the profile or the tokens.
type Error struct {
	// Connection is the connection name.
	Connection string
	// Field is the attribute at fault, empty when the profile as a whole is.
	Field string
	// Err is the cause.
	Err error
}

// Error formats the error as profile: connection "<name>": [<field>: ]<cause>.
func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("profile: connection %q: %v", e.Connection, e.Err)
	}
	return fmt.Sprintf("profile: connection %q: %s: %v", e.Connection, e.Field, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// reservedKeys are root attributes the service manages; a script may not set
// them. Normalize drops them with a warning and Merge carries the stored
// user's values over.
var reservedKeys = map[string]bool{
	"identities": true, "created_at": true, "updated_at": true,
	"last_login": true, "last_ip": true, "logins_count": true,
	"blocked": true, "blocked_for": true, "multifactor": true,
	"multifactor_last_modified": true, "last_password_reset": true,
	"guardian_authenticators": true, "passkeys": true,
	"password": true, "password_hash": true,
}

// ReservedKeys returns the root attributes a script may not set, sorted.
// Normalize drops them (with a warning); Merge keeps the stored values.
func ReservedKeys() []string {
	out := make([]string, 0, len(reservedKeys))
	for k := range reservedKeys {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Normalize turns the value a fetchUserProfile script passed to its callback
// into a user in Auth0's shape, for one login.
//
// raw is the profile: a map[string]any as encoding/json or a JavaScript
// engine produces it (numbers as float64, json.Number or any Go integer), or a
// json.RawMessage holding the JSON text. The rules, in order:
//
//   - user_id is required; when it is absent, null or "", id is used instead
//     (and removed from the attributes). A string is taken verbatim (it may
//     contain '|' or ':'); a number becomes its decimal digits without an
//     exponent. Booleans, objects, arrays, whitespace-only strings, strings
//     with control characters and ids over 1024 bytes are rejected with an
//     *Error wrapping ErrNoUserID (absent) or naming the field (bad type).
//   - UserID is "oauth2|<connection>|<id>" and Identities holds one entry
//     {provider: "oauth2", connection, user_id: "<connection>|<id>",
//     isSocial: true} with tok's tokens. access_token and refresh_token are
//     always removed from the root; a script-returned string value is used
//     on the identity only when tok lacks that token.
//   - Typed attributes (email, name, given_name, family_name, nickname,
//     picture, username, phone_number, locale) take strings verbatim,
//     numbers as decimal digits, booleans as "true"/"false"; "" and null
//     mean absent; an object or array is dropped with a warning.
//     email_verified and phone_verified take booleans, the strings
//     "true"/"false"/"1"/"0" (any case, surrounding space ignored) and the
//     numbers 1/0; anything else is dropped with a warning (false).
//   - user_metadata and app_metadata must be objects; null means absent;
//     another type is dropped with a warning. Their keys are kept as given,
//     null values included (Merge reads null as "delete this key").
//   - The keys ReservedKeys lists are dropped with a warning.
//   - Every other key is kept in Attributes, values in the JSON model with
//     numbers as json.Number; invalid UTF-8 is repaired; values without a
//     JSON form (functions, NaN) are dropped.
//   - Defaults: nickname = the email's local part (before the last '@'),
//     else username, else the provider id; name = email, else "given_name
//     family_name" (either alone if one is missing), else nickname; picture
//     = the Gravatar URL of the email (see GravatarURL) unless
//     opt.DisableGravatar or there is no email. email_verified defaults to
//     false. Email case is preserved.
//
// A profile nested deeper than MaxDepth or holding more than MaxValues values
// is rejected. Normalize does not check that an email is well formed, that a
// picture is a URL, nor the connection name's format; it calls no network.
func Normalize(raw any, tok Tokens, opt Options) (*User, error) {
	if opt.Connection == "" {
		return nil, errors.New("profile: options.Connection: required")
	}
	n := normalizer{conn: opt.Connection, log: opt.Logger}
	if n.log == nil {
		n.log = slog.New(slog.DiscardHandler)
	}
	m, err := n.object(raw)
	if err != nil {
		return nil, err
	}
	id, err := n.providerID(m)
	if err != nil {
		return nil, err
	}
	u := &User{UserID: Provider + "|" + opt.Connection + "|" + id}

	// Tokens: the token endpoint wins; script values are a fallback and never
	// stay at the root.
	ident := Identity{
		Provider:     Provider,
		Connection:   opt.Connection,
		UserID:       opt.Connection + "|" + id,
		IsSocial:     true,
		AccessToken:  tok.AccessToken,
		RefreshToken: tok.RefreshToken,
		ExpiresIn:    tok.ExpiresIn,
	}
	for _, t := range []struct {
		key string
		dst *string
	}{{"access_token", &ident.AccessToken}, {"refresh_token", &ident.RefreshToken}} {
		if v, ok := m[t.key]; ok {
			delete(m, t.key)
			if s, isString := v.(string); isString && *t.dst == "" {
				*t.dst = s
			}
		}
	}
	u.Identities = []Identity{ident}

	for _, f := range u.stringFields() {
		*f.ptr = n.stringAttr(m, f.key)
	}
	u.EmailVerified = n.boolAttr(m, "email_verified")
	u.PhoneVerified = n.boolAttr(m, "phone_verified")
	u.UserMetadata = n.metadata(m, "user_metadata")
	u.AppMetadata = n.metadata(m, "app_metadata")

	for k := range m {
		if reservedKeys[k] {
			n.warn(k, "reserved attribute: managed by the service, not the script")
			delete(m, k)
		}
	}
	if len(m) > 0 {
		u.Attributes = m
	}

	applyDefaults(u, id, !opt.DisableGravatar)
	return u, nil
}

// applyDefaults fills nickname, name and picture as documented on Normalize.
func applyDefaults(u *User, providerID string, gravatar bool) {
	if u.Nickname == "" {
		switch {
		case u.Email != "":
			u.Nickname = emailLocalPart(u.Email)
		case u.Username != "":
			u.Nickname = u.Username
		}
		if u.Nickname == "" {
			u.Nickname = providerID
		}
	}
	if u.Name == "" {
		switch {
		case u.Email != "":
			u.Name = u.Email
		case u.GivenName != "" || u.FamilyName != "":
			u.Name = strings.TrimSpace(u.GivenName + " " + u.FamilyName)
		default:
			u.Name = u.Nickname
		}
	}
	if u.Picture == "" && gravatar && u.Email != "" {
		u.Picture = GravatarURL(u.Email, u.Name)
	}
}

// emailLocalPart is the part of an address before its last '@' (a quoted
// local part may itself contain '@'); the whole string when there is none.
func emailLocalPart(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return email[:i]
	}
	return email
}

type normalizer struct {
	conn string
	log  *slog.Logger
}

func (n *normalizer) fail(field string, err error) error {
	return &Error{Connection: n.conn, Field: field, Err: err}
}

func (n *normalizer) warn(key, reason string) {
	n.log.LogAttrs(context.Background(), slog.LevelWarn, "profile: attribute dropped",
		slog.String("connection", n.conn), slog.String("attribute", key), slog.String("reason", reason))
}

// object canonicalises raw and requires a JSON object.
func (n *normalizer) object(raw any) (map[string]any, error) {
	if r, ok := raw.(json.RawMessage); ok {
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, n.fail("", fmt.Errorf("the profile is not valid JSON: %w", err))
		}
		raw = v
	}
	if raw == nil {
		return nil, n.fail("", ErrNoUserID)
	}
	var c canonicalizer
	v, ok, err := c.value(raw, 1)
	if err != nil {
		return nil, n.fail("", err)
	}
	m, isMap := v.(map[string]any)
	if !ok || !isMap {
		return nil, n.fail("", fmt.Errorf("the profile must be an object, got %s", kindOf(v)))
	}
	if c.dropped > 0 {
		n.log.LogAttrs(context.Background(), slog.LevelWarn, "profile: values without a JSON form dropped",
			slog.String("connection", n.conn), slog.Int("count", c.dropped))
	}
	return m, nil
}

// providerID extracts and removes the provider's user id (user_id, else id).
func (n *normalizer) providerID(m map[string]any) (string, error) {
	key := "user_id"
	v, ok := m[key]
	if !ok || v == nil || v == "" {
		delete(m, key)
		key = "id"
		v, ok = m[key]
		if !ok || v == nil || v == "" {
			return "", n.fail("", ErrNoUserID)
		}
	}
	delete(m, key)
	var id string
	switch x := v.(type) {
	case string:
		id = x
	case json.Number:
		s, err := decimalString(x)
		if err != nil {
			return "", n.fail(key, err)
		}
		id = s
	default:
		return "", n.fail(key, fmt.Errorf("must be a string or a number, got %s", kindOf(v)))
	}
	switch {
	case strings.TrimSpace(id) == "":
		return "", n.fail(key, errors.New("must not be blank"))
	case len(id) > maxIDLen:
		return "", n.fail(key, fmt.Errorf("longer than %d bytes", maxIDLen))
	case strings.ContainsFunc(id, unicode.IsControl):
		return "", n.fail(key, errors.New("must not contain control characters"))
	}
	return id, nil
}

// stringAttr removes key from m and returns its value as a string, per the
// loose-typing rules on Normalize.
func (n *normalizer) stringAttr(m map[string]any, key string) string {
	v, ok := m[key]
	if !ok {
		return ""
	}
	delete(m, key)
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		s, err := decimalString(x)
		if err != nil {
			n.warn(key, "number out of range for a string attribute")
			return ""
		}
		return s
	}
	n.warn(key, "want a string, got "+kindOf(v))
	return ""
}

// boolAttr removes key from m and returns its value as a boolean, per the
// loose-typing rules on Normalize.
func (n *normalizer) boolAttr(m map[string]any, key string) bool {
	v, ok := m[key]
	if !ok {
		return false
	}
	delete(m, key)
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "1":
			return true
		case "false", "0":
			return false
		}
	case json.Number:
		if s, err := decimalString(x); err == nil {
			switch s {
			case "1":
				return true
			case "0":
				return false
			}
		}
	}
	n.warn(key, "want a boolean, got "+kindOf(v))
	return false
}

// metadata removes key from m and returns it if it is an object.
func (n *normalizer) metadata(m map[string]any, key string) map[string]any {
	v, ok := m[key]
	if !ok {
		return nil
	}
	delete(m, key)
	switch x := v.(type) {
	case nil:
		return nil
	case map[string]any:
		return x
	}
	n.warn(key, "want an object, got "+kindOf(v))
	return nil
}
