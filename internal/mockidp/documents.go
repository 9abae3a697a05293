package mockidp

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
)

// Fixed identity of the mock user, so tests can assert on what a script
// copied into its profile.
const (
	UserID    = "10001"
	UserSub   = "248289761001"
	UserEmail = "jane.doe@example.com"
	UserName  = "Jane Doe"
	UserLogin = "janedoe"
	Picture   = "https://images.example.com/u/10001.png"
	// HS256Secret is the key of the HS256 id_tokens TokenContext makes.
	HS256Secret = "mockidp-hs256-secret-of-32-bytes!"
)

// UserDocument returns a fresh copy of the JSON document the server sends by
// default: one user described in the shapes of many providers at once (flat
// OpenID Connect claims, GitHub/Slack/Dropbox/Fitbit/Foursquare-style
// nesting, lists), so that most fetchUserProfile scripts find the fields
// they read. Numbers are float64, as after a JSON round trip.
//
// Shapes that contradict each other (a provider where "picture" is an object
// or "response" a list) are served per host by ProviderRoutes instead.
func UserDocument() map[string]any {
	return map[string]any{
		// status flags several APIs wrap their answer in
		"ok":      true,
		"errcode": float64(0),
		"meta":    map[string]any{"code": float64(200)},

		// identifiers
		"id":                  UserID,
		"ID":                  float64(10001),
		"sub":                 UserSub,
		"user_id":             UserID,
		"uid":                 float64(10001),
		"uuid":                "7d0f5a0e-8a5b-4c59-9d38-0e6c2f6b1001",
		"_id":                 "5f1c0a0e8a5b4c599d381001",
		"userId":              "U4af4980629",
		"uri":                 "/users/10001",
		"oid":                 "00000000-0000-0000-0000-000000010001",
		"tid":                 "9188040d-6c67-4c5b-b112-36a304b66dad",
		"pidNumberIdentifier": "9208-2002-2-123456789012",

		// names
		"name":               UserName,
		"given_name":         "Jane",
		"family_name":        "Doe",
		"middle_name":        "Q",
		"first_name":         "Jane",
		"last_name":          "Doe",
		"firstname":          "Jane",
		"lastname":           "Doe",
		"givenName":          "Jane",
		"familyName":         "Doe",
		"nickname":           "jane",
		"preferred_username": UserLogin,
		"login":              UserLogin,
		"username":           UserLogin,
		"displayName":        UserName,
		"display_name":       UserName,
		"accountname":        UserName,
		"name_details":       map[string]any{"given_name": "Jane", "surname": "Doe", "familiar_name": "Jane"},

		// contact
		"email":          UserEmail,
		"email_verified": true,
		"mail":           UserEmail,
		"emails": []any{
			map[string]any{"value": UserEmail, "email": UserEmail, "primary": true, "verified": true},
		},
		"phone_number": "+15555550100",

		// pictures
		"picture":    Picture,
		"avatar":     Picture,
		"avatar_url": Picture,
		"avatar_URL": Picture,
		"pictureUrl": Picture,
		"imageUrl":   Picture,
		"photo":      map[string]any{"image_128x128": Picture, "image_60x60": Picture},

		// misc profile claims
		"locale":       "en-US",
		"zoneinfo":     "Europe/Paris",
		"country":      "US",
		"updated_at":   float64(1700000000),
		"is_paired":    false,
		"is_admin":     false,
		"is_active":    true,
		"company":      "Example Corp",
		"html_url":     "https://example.com/janedoe",
		"profile":      "https://example.com/janedoe",
		"website":      "https://example.com",
		"organization": map[string]any{"id": "org_1", "name": "Example Corp"},

		// nested shapes
		"user": map[string]any{
			"id": UserID, "name": UserName, "email": UserEmail, "image_192": Picture,
			"encodedId": "2ABCDE", "displayName": UserName, "fullName": UserName,
			"uuid": "7d0f5a0e-8a5b-4c59-9d38-0e6c2f6b1001", "description": "mock user",
		},
		"team":    map[string]any{"id": "T0001", "name": "Example Team", "domain": "example"},
		"account": map[string]any{"uuid": "7d0f5a0e-8a5b-4c59-9d38-0e6c2f6b1001", "email": UserEmail, "email_verified": true, "status": "active"},
		"data": map[string]any{
			"id": UserID, "name": UserName, "username": UserLogin, "email": UserEmail,
			"imageUrl": Picture, "photo": map[string]any{"image_128x128": Picture},
			"user": map[string]any{"id": UserID}, "district": "d-1",
		},
		"response": map[string]any{"user": map[string]any{"id": UserID, "firstName": "Jane", "lastName": "Doe"}},
		"links": []any{
			map[string]any{"rel": "self", "uri": "/me"},
			map[string]any{"rel": "canonical", "uri": "/users/10001"},
		},
		"_links": map[string]any{"self": map[string]any{"href": "https://api.example.com/users/10001"}},
		"attributes": []any{
			map[string]any{"handle": "uuid", "name": "Unique Identifier", "value": UserID},
			map[string]any{"handle": "email", "name": "Email", "value": UserEmail},
			map[string]any{"handle": "fname", "name": "First Name", "value": "Jane"},
			map[string]any{"handle": "lname", "name": "Last Name", "value": "Doe"},
		},
		"claims": map[string]any{
			"companyProfile": map[string]any{"id": "c-1"},
			"userProfile":    map[string]any{"id": "u-1"},
		},
		"user_info": map[string]any{"dingId": "ding-10001", "nick": "jane"},
	}
}

// TokenOptions tune TokenContext.
type TokenOptions struct {
	// AccessToken is the access_token value; empty means "mock-access-token".
	AccessToken string
	// Alg signs the id_token: "HS256" (key HS256Secret, the default) or
	// "RS256" (key RSAKey).
	Alg string
	// RSAKey signs RS256 id_tokens; nil generates a 2048-bit key.
	RSAKey *rsa.PrivateKey
	// Claims are merged over IDTokenClaims.
	Claims map[string]any
	// Now is the issue time; zero means time.Now().
	Now time.Time
}

// IDTokenClaims returns the default claims of the mock user's id_token.
func IDTokenClaims(now time.Time) map[string]any {
	return map[string]any{
		"iss":                "https://idp.example.com/",
		"aud":                "mock-client-id",
		"sub":                UserSub,
		"iat":                float64(now.Unix()),
		"exp":                float64(now.Add(time.Hour).Unix()),
		"email":              UserEmail,
		"email_verified":     true,
		"name":               UserName,
		"given_name":         "Jane",
		"family_name":        "Doe",
		"nickname":           "jane",
		"preferred_username": UserLogin,
		"picture":            Picture,
		"locale":             "en-US",
		"oid":                "00000000-0000-0000-0000-000000010001",
		"tid":                "9188040d-6c67-4c5b-b112-36a304b66dad",
		"unique_name":        UserEmail,
		"amr":                []any{"pwd"},
		"acr":                "AAL1",
	}
}

// TokenContext returns a token-endpoint response as a fetchUserProfile
// script receives it in ctx: access_token, a signed id_token, token_type,
// expires_in, scope, and the extras some providers add (user_id,
// stripe_user_id, team, authed_user, orcid, email). refresh_token is absent,
// as in Auth0's ctx.
func TokenContext(o TokenOptions) (map[string]any, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	at := o.AccessToken
	if at == "" {
		at = "mock-access-token"
	}
	claims := IDTokenClaims(now)
	for k, v := range o.Claims {
		claims[k] = v
	}
	var idt string
	var err error
	switch o.Alg {
	case "", "HS256":
		idt, err = SignHS256(claims, []byte(HS256Secret))
	case "RS256":
		key := o.RSAKey
		if key == nil {
			if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
				return nil, fmt.Errorf("mockidp: generate RSA key: %w", err)
			}
		}
		idt, err = SignRS256(claims, key, "mock-key-1")
	default:
		return nil, fmt.Errorf("mockidp: TokenOptions.Alg: unsupported %q", o.Alg)
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"access_token":   at,
		"id_token":       idt,
		"token_type":     "Bearer",
		"expires_in":     float64(3600),
		"scope":          "openid profile email",
		"user_id":        UserID,
		"stripe_user_id": "acct_1000000001",
		"email":          UserEmail,
		"name":           UserName,
		"orcid":          "0000-0002-1825-0097",
		"team":           map[string]any{"id": "T0001", "name": "Example Team"},
		"authed_user":    map[string]any{"id": "U0001", "scope": "identity.basic", "access_token": at},
	}, nil
}

var b64 = base64.RawURLEncoding

func jwtSigningInput(header, claims map[string]any) (string, error) {
	h, err := json.Marshal(header)
	if err != nil {
		return "", fmt.Errorf("mockidp: JWT header: %w", err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("mockidp: JWT claims: %w", err)
	}
	return b64.EncodeToString(h) + "." + b64.EncodeToString(c), nil
}

// SignHS256 returns a compact JWS of claims signed with HMAC-SHA256.
func SignHS256(claims map[string]any, key []byte) (string, error) {
	in, err := jwtSigningInput(map[string]any{"alg": "HS256", "typ": "JWT"}, claims)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(in))
	return in + "." + b64.EncodeToString(m.Sum(nil)), nil
}

// SignRS256 returns a compact JWS of claims signed with RSASSA-PKCS1-v1_5
// SHA-256, with kid in the header when non-empty.
func SignRS256(claims map[string]any, key *rsa.PrivateKey, kid string) (string, error) {
	hdr := map[string]any{"alg": "RS256", "typ": "JWT"}
	if kid != "" {
		hdr["kid"] = kid
	}
	in, err := jwtSigningInput(hdr, claims)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("mockidp: RS256 sign: %w", err)
	}
	return in + "." + b64.EncodeToString(sig), nil
}
