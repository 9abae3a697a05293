package connection_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"

	"github.com/socialconn/socialconn/connection"
)

// ExampleConnection_Exchange redeems an authorization code at a provider (here
// an httptest server standing in for it) and prepares the ctx object of the
// fetchUserProfile script.
func ExampleConnection_Exchange() {
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		fmt.Println("provider got:", r.Method, r.URL.Path, r.PostForm.Get("grant_type"), r.PostForm.Get("code"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"at-123","token_type":"Bearer","expires_in":3600,`+
			`"refresh_token":"rt-456","stripe_user_id":"acct_1"}`)
	}))
	defer idp.Close()

	conn := &connection.Connection{
		Name:     "my-provider",
		Strategy: "oauth2",
		Options: connection.Options{
			ClientID:     "my-client",
			ClientSecret: "my-secret",
			TokenURL:     idp.URL + "/oauth/token",
		},
	}
	tok, err := conn.Exchange(context.Background(), "code-from-callback",
		"https://login.example.com/login/callback", "pkce-verifier-from-the-transaction")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("access token:", tok.AccessToken, "expires in:", tok.ExpiresIn)
	fmt.Println("refresh token:", tok.RefreshToken)

	ctx := tok.ScriptContext() // what fetchUserProfile(accessToken, ctx, cb) receives
	fmt.Println("ctx keys:", slices.Sorted(maps.Keys(ctx)))
	// Output:
	// provider got: POST /oauth/token authorization_code code-from-callback
	// access token: at-123 expires in: 3600
	// refresh token: rt-456
	// ctx keys: [access_token expires_in stripe_user_id token_type]
}

// ExampleTokenError shows how a caller tells a provider's OAuth error apart
// from other failures.
func ExampleTokenError() {
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":"invalid_grant","error_description":"Code expired"}`)
	}))
	defer idp.Close()

	conn := &connection.Connection{Options: connection.Options{
		ClientID: "my-client", ClientSecret: "my-secret", TokenURL: idp.URL,
	}}
	_, err := conn.Exchange(context.Background(), "stale-code", "https://login.example.com/login/callback", "")

	var te *connection.TokenError
	if errors.As(err, &te) && te.ErrorCode != "" {
		fmt.Println("provider refused:", te.StatusCode, te.ErrorCode)
	}
	fmt.Println(err)
	// Output:
	// provider refused: 400 invalid_grant
	// connection: token exchange: provider answered 400: invalid_grant: Code expired
}
