package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/internal/demoprovider"
)

// demoClientID is the example's client at the demo provider.
const demoClientID = "socialconn-example"

// demoFetchUserProfile is written the way Auth0 fetchUserProfile scripts are:
// the npm request module, a Bearer header, and a callback with the profile.
// USERINFO_URL is replaced (as a JSON string literal) before loading.
const demoFetchUserProfile = `function fetchUserProfile(accessToken, ctx, callback) {
  request.get({
    url: USERINFO_URL,
    headers: { Authorization: 'Bearer ' + accessToken },
    json: true
  }, function (err, resp, body) {
    if (err) {
      return callback(err);
    }
    if (resp.statusCode !== 200) {
      return callback(new Error('userinfo returned HTTP ' + resp.statusCode));
    }
    callback(null, {
      user_id: body.sub,
      email: body.email,
      email_verified: body.email_verified,
      name: body.name,
      given_name: body.given_name,
      family_name: body.family_name,
      picture: body.picture,
      locale: body.locale
    });
  });
}`

// startDemo starts the embedded OpenID Provider on a free loopback port with
// one client registered for publicURL, and returns a connection to it. The
// connection is built as Auth0 connection JSON and loaded with
// connection.Load, the path a -connection file takes.
func startDemo(ctx context.Context, publicURL string, log *slog.Logger) (*demoprovider.Provider, *connection.Connection, error) {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	clientSecret := hex.EncodeToString(secret) // fresh per start: nothing to leak
	op, err := demoprovider.Start(ctx, "127.0.0.1:0", demoprovider.Config{
		Clients: []demoprovider.Client{{
			ID:                     demoClientID,
			Secret:                 clientSecret,
			RedirectURIs:           []string{publicURL + callbackPath},
			PostLogoutRedirectURIs: []string{publicURL + "/"},
		}},
		Logger: log,
	})
	if err != nil {
		return nil, nil, err
	}
	doc, err := demoConnectionJSON(op.Issuer(), clientSecret)
	if err == nil {
		var conn *connection.Connection
		if conn, err = connection.Load(doc); err == nil {
			return op, conn, nil
		}
	}
	_ = op.Close()
	return nil, nil, fmt.Errorf("demo connection: %w", err)
}

// demoConnectionJSON is the connection a team would create in Auth0 for the
// demo provider, plus our "issuer" extension, which turns on ID token
// verification and RP-initiated logout.
func demoConnectionJSON(issuer, clientSecret string) ([]byte, error) {
	userinfo, err := json.Marshal(issuer + "/userinfo")
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(map[string]any{
		"name":     "demo",
		"strategy": "oauth2",
		"options": map[string]any{
			"authorizationURL": issuer + "/authorize",
			"tokenURL":         issuer + "/token",
			"client_id":        demoClientID,
			"client_secret":    clientSecret,
			"scope":            "openid profile email",
			"issuer":           issuer,
			"pkce_enabled":     true,
			"scripts": map[string]any{
				"fetchUserProfile": strings.Replace(demoFetchUserProfile, "USERINFO_URL", string(userinfo), 1),
			},
		},
	}, "", "  ")
}
