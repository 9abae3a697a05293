package profile

import (
	"errors"
	"fmt"
)

// Values of Policy.SetUserRootAttributes, as in the connection's
// options.set_user_root_attributes.
const (
	// OnEachLogin updates the sync-governed root attributes from the
	// provider at every login (Auth0's default).
	OnEachLogin = "on_each_login"
	// OnFirstLogin sets them when the user is created and keeps the stored
	// values afterwards.
	OnFirstLogin = "on_first_login"
	// NeverOnLogin never sets them from the provider and does not create
	// users (see Merge).
	NeverOnLogin = "never_on_login"
)

// ErrUserCreationDisabled is returned by Merge for a first login (no stored
// user) under the never_on_login policy, whose Management API description
// says the connection does "not create the user". The embedding service
// decides what the login then does (typically: refuse it, or look the user
// up by other means).
var ErrUserCreationDisabled = errors.New("profile: set_user_root_attributes is never_on_login: users are not created at login")

// Policy is the part of a connection's options that governs what a login
// stores.
type Policy struct {
	// SetUserRootAttributes is OnEachLogin (also when empty), OnFirstLogin
	// or NeverOnLogin.
	SetUserRootAttributes string
	// NonPersistentAttrs names root attributes usable during the login but
	// not stored (options.non_persistent_attrs), matched exactly.
	NonPersistentAttrs []string
}

func (p Policy) mode() (string, error) {
	switch p.SetUserRootAttributes {
	case "", OnEachLogin:
		return OnEachLogin, nil
	case OnFirstLogin, NeverOnLogin:
		return p.SetUserRootAttributes, nil
	}
	return "", fmt.Errorf("profile: policy.set_user_root_attributes: unknown value %q (want %s, %s or %s)",
		p.SetUserRootAttributes, OnEachLogin, OnFirstLogin, NeverOnLogin)
}

// Merge combines the stored user (existing; nil at the first login) with the
// user Normalize produced for this login (incoming) and returns the user for
// this login. Store Persistable(p) of the result. Neither argument is
// modified.
//
// First login (existing nil): the result is incoming with null-valued
// top-level metadata keys removed; under NeverOnLogin Merge returns
// ErrUserCreationDisabled instead.
//
// Later logins (existing.UserID must equal incoming.UserID):
//   - name, given_name, family_name, nickname, picture: from incoming under
//     OnEachLogin; kept from existing (even when empty) under OnFirstLogin
//     and NeverOnLogin.
//   - every other typed attribute (email, email_verified, username,
//     phone_number, phone_verified, locale) and the custom Attributes: from
//     incoming, the provider's current view. A custom attribute the provider
//     no longer returns disappears.
//   - the reserved keys (ReservedKeys: created_at, logins_count, ...) in
//     existing.Attributes are kept; incoming never has them.
//   - user_metadata, app_metadata: a shallow merge: existing's keys, then
//     incoming's top-level keys overwrite them, a null value deleting the key
//     (as the Management API merges metadata).
//   - identities: incoming's primary identity (fresh tokens) first; its
//     refresh token is kept from the stored identity when the provider sent
//     none this time. Other stored identities (linked accounts) follow, in
//     order.
//
// Merge does not decide where users are stored nor count logins; timestamps
// and counters are the embedding service's.
func Merge(existing, incoming *User, p Policy) (*User, error) {
	mode, err := p.mode()
	if err != nil {
		return nil, err
	}
	if incoming == nil {
		return nil, errors.New("profile: merge: incoming user is nil")
	}
	if existing == nil {
		if mode == NeverOnLogin {
			return nil, ErrUserCreationDisabled
		}
		out := incoming.Clone()
		out.UserMetadata = mergeMetadata(nil, incoming.UserMetadata)
		out.AppMetadata = mergeMetadata(nil, incoming.AppMetadata)
		return out, nil
	}
	if existing.UserID != incoming.UserID {
		return nil, errors.New("profile: merge: the stored user and the login's user have different user ids")
	}
	out := incoming.Clone()
	if mode != OnEachLogin {
		out.Name = existing.Name
		out.GivenName = existing.GivenName
		out.FamilyName = existing.FamilyName
		out.Nickname = existing.Nickname
		out.Picture = existing.Picture
	}
	for k, v := range existing.Attributes {
		if reservedKeys[k] {
			if out.Attributes == nil {
				out.Attributes = make(map[string]any)
			}
			out.Attributes[k] = deepCopy(v)
		}
	}
	out.UserMetadata = mergeMetadata(existing.UserMetadata, incoming.UserMetadata)
	out.AppMetadata = mergeMetadata(existing.AppMetadata, incoming.AppMetadata)
	out.Identities = mergeIdentities(existing.Identities, out.Identities)
	return out, nil
}

// mergeMetadata shallow-merges update over stored; null values delete keys.
// The result is nil only when both are nil.
func mergeMetadata(stored, update map[string]any) map[string]any {
	if stored == nil && update == nil {
		return nil
	}
	out := copyMap(stored)
	if out == nil {
		out = make(map[string]any, len(update))
	}
	for k, v := range update {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = deepCopy(v)
	}
	return out
}

// mergeIdentities puts the login's identities (already copies) first and
// appends the stored ones that are not among them.
func mergeIdentities(stored, login []Identity) []Identity {
	out := login
	for _, s := range stored {
		found := false
		for i := range out {
			if out[i].Provider == s.Provider && out[i].UserID == s.UserID {
				found = true
				if out[i].RefreshToken == "" {
					out[i].RefreshToken = s.RefreshToken
				}
				break
			}
		}
		if !found {
			s.ProfileData = copyMap(s.ProfileData)
			out = append(out, s)
		}
	}
	return out
}

// Persistable returns a copy of u without the root attributes p names in
// NonPersistentAttrs: what the embedding service should store. Names are
// matched exactly as written ("https://example.com/claim" included). A typed
// attribute is cleared (email_verified and phone_verified become false);
// user_id and identities cannot be withheld and are ignored if named.
// Persistable of nil is nil.
func (u *User) Persistable(p Policy) *User {
	out := u.Clone()
	if out == nil {
		return nil
	}
	for _, name := range p.NonPersistentAttrs {
		switch name {
		case "user_id", "identities":
		case "email_verified":
			out.EmailVerified = false
		case "phone_verified":
			out.PhoneVerified = false
		case "user_metadata":
			out.UserMetadata = nil
		case "app_metadata":
			out.AppMetadata = nil
		default:
			cleared := false
			for _, f := range out.stringFields() {
				if f.key == name {
					*f.ptr = ""
					cleared = true
				}
			}
			if !cleared {
				delete(out.Attributes, name)
			}
		}
	}
	if len(out.Attributes) == 0 {
		out.Attributes = nil
	}
	return out
}
