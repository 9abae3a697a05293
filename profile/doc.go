// Package profile turns the value a fetchUserProfile script returned into
// Auth0's user shape: identifiers, typed root attributes, defaults, metadata and
// the root-attribute sync policies. It is pure Go: no HTTP, no JavaScript, and
// no dependency on the other packages of this module; callers hand it plain
// values.
//
// # Flow
//
// For each login the connection package calls
//
//	incoming, err := profile.Normalize(scriptResult, profile.Tokens{...}, profile.Options{Connection: name})
//	user, err := profile.Merge(stored, incoming, policy) // stored is nil at the first login
//	save(user.Persistable(policy))                       // storage is the embedding service's
//
// and uses user (which still carries non_persistent_attrs) for the rest of the
// login. The package defines what to store, never where.
//
// # Compatibility choices
//
// Auth0 documents some of this behaviour and leaves the rest open; the choices
// made here are:
//
//   - user_id, else id: Auth0 requires user_id; id is accepted when user_id
//     is absent, null or "" (community recipes return only id, and Auth0's
//     custom database scripts accept it). The id is used verbatim, '|'
//     included. Numbers become decimal digits with no exponent; a float64
//     cannot hold every large integer (12345678901234567890 decodes to
//     12345678901234567000), so callers wanting exact digits decode with
//     json.Decoder.UseNumber.
//   - Identifiers: "oauth2|<connection>|<id>" at the root and
//     "<connection>|<id>" on identities[0], as on real Auth0 users.
//   - Typed attributes: those of Auth0's normalized profile and user object
//     (email, email_verified, name, given_name, family_name, nickname,
//     picture, username, phone_number, phone_verified, locale); every other
//     attribute stays at the root. Loose types are coerced (numbers to
//     strings, "true"/"1" to booleans); an object or array where a string or
//     boolean belongs is dropped with a logged warning, never an error, so a
//     provider's odd field does not fail the login.
//   - Reserved keys (ReservedKeys: identities, created_at, updated_at,
//     last_login, logins_count, blocked, multifactor, ...) are the service's;
//     a script's values are dropped with a warning.
//   - Tokens: the token endpoint's access_token, refresh_token and expires_in
//     go on identities[0]; a script-returned access_token or refresh_token is
//     removed from the root and used only when the token endpoint gave none.
//   - Defaults: nickname from the email's local part, name = email, picture =
//     Gravatar (GravatarURL). Without an email (an open question at Auth0),
//     nickname falls back to username then the provider id, and name to
//     "given_name family_name" then nickname, so both are always set.
//   - set_user_root_attributes = never_on_login: Auth0's API description
//     says the connection then neither sets the root attributes nor creates
//     the user. Merge follows it: a first login returns
//     ErrUserCreationDisabled; later logins keep the stored name, given_name,
//     family_name, nickname and picture.
//   - Metadata: user_metadata and app_metadata are set at creation and
//     shallow-merged at later logins, a null value deleting a key.
//
// # Hardening
//
//   - Options.DisableGravatar stops the email's MD5 from being published in a
//     picture URL.
//   - Ids that are blank, over 1024 bytes or contain control characters are
//     rejected; profiles deeper than MaxDepth or larger than MaxValues are
//     rejected.
//   - Errors and log records name the connection and the attribute, never a
//     value from the profile or a token.
//
// fieldsMap (options.fieldsMap) is not applied here.
package profile
