package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Provider is the identity provider name Auth0 gives every custom social
// connection: user ids read "oauth2|<connection>|<id>".
const Provider = "oauth2"

// User is a user in the shape of an Auth0 user object: the attributes Auth0's
// normalized profile types are fields, every other root attribute is kept in
// Attributes and written at the root of the JSON object.
//
// The zero value is an empty user. A *User is not safe for concurrent
// mutation; Merge, Persistable and Clone never modify their receivers or
// arguments.
type User struct {
	// UserID is the Auth0 user id, "oauth2|<connection>|<provider id>".
	UserID string
	// Email is the address as the provider gave it (case preserved).
	Email string
	// EmailVerified mirrors the provider's claim; false when absent.
	EmailVerified bool
	// Name is the full name; Normalize always fills it.
	Name string
	// GivenName is the first name.
	GivenName string
	// FamilyName is the last name.
	FamilyName string
	// Nickname is the alias; Normalize always fills it.
	Nickname string
	// Picture is the avatar URL; Normalize fills it from Gravatar when the
	// provider gave none and an email is known (unless disabled).
	Picture string
	// Username is the provider's login name, when the script sets it.
	Username string
	// PhoneNumber is the phone number as given (no E.164 check).
	PhoneNumber string
	// PhoneVerified mirrors the provider's claim; false when absent.
	PhoneVerified bool
	// Locale is the user's locale as given (no BCP 47 check).
	Locale string
	// Identities lists the user's identities; Normalize sets exactly one,
	// the provider identity with its tokens.
	Identities []Identity
	// UserMetadata is user_metadata; nil when absent.
	UserMetadata map[string]any
	// AppMetadata is app_metadata; nil when absent.
	AppMetadata map[string]any
	// Attributes holds every other root attribute (custom claims, and when a
	// stored user is decoded, service-managed keys such as created_at). Keys
	// naming a typed field are ignored when marshalling. Values use the JSON
	// model of encoding/json with numbers as json.Number.
	Attributes map[string]any
}

// Identity is one entry of a user's identities array.
type Identity struct {
	// Provider is "oauth2" for custom social connections.
	Provider string `json:"provider"`
	// Connection is the connection name.
	Connection string `json:"connection"`
	// UserID is "<connection>|<provider id>" for the primary identity.
	UserID string `json:"user_id"`
	// IsSocial is true for social connections.
	IsSocial bool `json:"isSocial"`
	// AccessToken is the provider's access token.
	AccessToken string `json:"access_token,omitempty"`
	// RefreshToken is the provider's refresh token, when issued.
	RefreshToken string `json:"refresh_token,omitempty"`
	// ExpiresIn is the access token lifetime in seconds the token endpoint
	// reported; 0 when unknown.
	ExpiresIn int64 `json:"expires_in,omitempty"`
	// ProfileData holds the profile of a linked secondary identity. Auth0
	// leaves it out for the primary identity, and so does Normalize. An
	// empty map is omitted when marshalling.
	ProfileData map[string]any `json:"profileData,omitempty"`
}

// typedKeys are the root keys User has fields for.
var typedKeys = map[string]bool{
	"user_id": true, "email": true, "email_verified": true, "name": true,
	"given_name": true, "family_name": true, "nickname": true, "picture": true,
	"username": true, "phone_number": true, "phone_verified": true,
	"locale": true, "identities": true, "user_metadata": true,
	"app_metadata": true,
}

// stringFields maps each typed string attribute to its field in u.
func (u *User) stringFields() []struct {
	key string
	ptr *string
} {
	return []struct {
		key string
		ptr *string
	}{
		{"email", &u.Email}, {"name", &u.Name}, {"given_name", &u.GivenName},
		{"family_name", &u.FamilyName}, {"nickname", &u.Nickname},
		{"picture", &u.Picture}, {"username", &u.Username},
		{"phone_number", &u.PhoneNumber}, {"locale", &u.Locale},
	}
}

// MarshalJSON writes u as an Auth0 user object: typed fields and Attributes
// side by side at the root, keys sorted. Empty strings are left out;
// email_verified is written when there is an email (or it is true), and
// phone_verified likewise with phone_number; metadata objects are written
// when non-nil, even if empty. '<', '>' and '&' are not escaped (json.Marshal
// escapes them again around a Marshaler; use an Encoder with
// SetEscapeHTML(false) to keep them).
func (u *User) MarshalJSON() ([]byte, error) {
	out := make(map[string]any, len(u.Attributes)+16)
	for k, v := range u.Attributes {
		if !typedKeys[k] {
			out[k] = v
		}
	}
	if u.UserID != "" {
		out["user_id"] = u.UserID
	}
	for _, f := range u.stringFields() {
		if *f.ptr != "" {
			out[f.key] = *f.ptr
		}
	}
	if u.Email != "" || u.EmailVerified {
		out["email_verified"] = u.EmailVerified
	}
	if u.PhoneNumber != "" || u.PhoneVerified {
		out["phone_verified"] = u.PhoneVerified
	}
	if u.Identities != nil {
		out["identities"] = u.Identities
	}
	if u.UserMetadata != nil {
		out["user_metadata"] = u.UserMetadata
	}
	if u.AppMetadata != nil {
		out["app_metadata"] = u.AppMetadata
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // picture URLs keep their '&'
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("profile: marshal user: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads an Auth0 user object, such as one MarshalJSON wrote or
// the Management API returned. Typed keys must have their JSON type (or be
// null); every other key goes to Attributes, numbers as json.Number. Unlike
// Normalize it applies no defaults, drops no reserved key and checks no id
// format: it is for reading stored users, not script output.
func (u *User) UnmarshalJSON(data []byte) error {
	var root map[string]json.RawMessage
	if err := json.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("profile: user JSON: %w", err)
	}
	if root == nil {
		return errors.New("profile: user JSON: not an object")
	}
	var v User
	var err error
	if v.UserID, err = rawString(root, "user_id"); err != nil {
		return err
	}
	for _, f := range v.stringFields() {
		if *f.ptr, err = rawString(root, f.key); err != nil {
			return err
		}
	}
	if v.EmailVerified, err = rawBool(root, "email_verified"); err != nil {
		return err
	}
	if v.PhoneVerified, err = rawBool(root, "phone_verified"); err != nil {
		return err
	}
	if raw, ok := root["identities"]; ok && !isNull(raw) {
		if err := decodeNumbers(raw, &v.Identities); err != nil {
			return fmt.Errorf("profile: user JSON: identities: %w", err)
		}
	}
	if v.UserMetadata, err = rawObject(root, "user_metadata"); err != nil {
		return err
	}
	if v.AppMetadata, err = rawObject(root, "app_metadata"); err != nil {
		return err
	}
	for k, raw := range root {
		if typedKeys[k] {
			continue
		}
		var x any
		if err := decodeNumbers(raw, &x); err != nil {
			return fmt.Errorf("profile: user JSON: %s: %w", k, err)
		}
		if v.Attributes == nil {
			v.Attributes = make(map[string]any)
		}
		v.Attributes[k] = x
	}
	*u = v
	return nil
}

// UnmarshalJSON reads an identity. user_id may be a string or, as Auth0 writes
// it for some providers, a number.
func (id *Identity) UnmarshalJSON(data []byte) error {
	type plain Identity
	var aux struct {
		plain
		UserID any `json:"user_id"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&aux); err != nil {
		return err
	}
	*id = Identity(aux.plain)
	switch x := aux.UserID.(type) {
	case nil:
	case string:
		id.UserID = x
	case json.Number:
		s, err := decimalString(x)
		if err != nil {
			return fmt.Errorf("user_id: %w", err)
		}
		id.UserID = s
	default:
		return fmt.Errorf("user_id: want a string, got %s", kindOf(x))
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

func decodeNumbers(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

func rawString(root map[string]json.RawMessage, key string) (string, error) {
	raw, ok := root[key]
	if !ok || isNull(raw) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("profile: user JSON: %s: want a string", key)
	}
	return s, nil
}

func rawBool(root map[string]json.RawMessage, key string) (bool, error) {
	raw, ok := root[key]
	if !ok || isNull(raw) {
		return false, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return false, fmt.Errorf("profile: user JSON: %s: want a boolean", key)
	}
	return b, nil
}

func rawObject(root map[string]json.RawMessage, key string) (map[string]any, error) {
	raw, ok := root[key]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var m map[string]any
	if err := decodeNumbers(raw, &m); err != nil {
		return nil, fmt.Errorf("profile: user JSON: %s: want an object", key)
	}
	return m, nil
}

// Clone returns a deep copy of u (maps and slices of the JSON value model are
// copied; other value types are shared). Clone of nil is nil.
func (u *User) Clone() *User {
	if u == nil {
		return nil
	}
	c := *u
	c.UserMetadata = copyMap(u.UserMetadata)
	c.AppMetadata = copyMap(u.AppMetadata)
	c.Attributes = copyMap(u.Attributes)
	if u.Identities != nil {
		c.Identities = make([]Identity, len(u.Identities))
		for i, id := range u.Identities {
			id.ProfileData = copyMap(id.ProfileData)
			c.Identities[i] = id
		}
	}
	return &c
}
