package connection_test

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/socialconn/socialconn/connection"
)

// Load decodes a connection as the Management API returns it and validates
// it, reporting every problem at once with its JSON path.
func ExampleLoad() {
	_, err := connection.Load([]byte(`{
	  "name": "my--idp",
	  "strategy": "oauth2",
	  "options": {
	    "authorizationURL": "https://idp.example/authorize?response_mode=form_post",
	    "tokenURL": "http://idp.example/token",
	    "client_secret": "never printed",
	    "scripts": {"fetchUserProfile": "function (t, ctx, cb) { cb(null, {user_id: 'x'}) }", "onLogin": ""}
	  }
	}`))
	var ve *connection.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errors {
			fmt.Printf("%s: %s\n", fe.Path, fe.Reason)
		}
	}
	// Output:
	// name: must be letters and digits with single dashes between them (no leading, trailing or double dash, no spaces, dots or underscores)
	// options.authorizationURL: must not carry response_mode in its query: only the default query response mode is supported
	// options.tokenURL: must use https (http is allowed only for loopback hosts)
	// options.client_id: required
	// options.scripts.onLogin: unknown script: only fetchUserProfile and getLogoutUrl are supported
}

// AuthorizeURL builds the provider URL for one login; protocol parameters
// always come from the request, never from configuration.
func ExampleConnection_AuthorizeURL() {
	c, err := connection.Load([]byte(`{
	  "name": "google-offline",
	  "strategy": "oauth2",
	  "options": {
	    "authorizationURL": "https://accounts.example/o/oauth2/auth?access_type=offline",
	    "tokenURL": "https://accounts.example/token",
	    "client_id": "my-client",
	    "scope": "openid email",
	    "authParams": {"prompt": "consent"},
	    "authParamsMap": {"login_hint": "login_hint"}
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.AuthorizeURL(connection.AuthRequest{
		RedirectURI: "https://login.example/login/callback",
		State:       "st-1",    // use connection.NewState()
		Nonce:       "nonce-1", // use connection.NewNonce(); sent because c.RequestsOpenID()
		LoginParams: url.Values{"login_hint": {"ada@example.com"}, "connection_scope": {"calendar"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u)
	// Output:
	// https://accounts.example/o/oauth2/auth?access_type=offline&client_id=my-client&login_hint=ada%40example.com&nonce=nonce-1&prompt=consent&redirect_uri=https%3A%2F%2Flogin.example%2Flogin%2Fcallback&response_type=code&scope=openid%2Cemail%2Ccalendar&state=st-1
}

// MergeOptions protects against the Management API's PATCH replacing the
// whole options object: change one key, keep every other one.
func ExampleConnection_MergeOptions() {
	c, err := connection.Decode([]byte(`{
	  "name": "acme",
	  "strategy": "oauth2",
	  "options": {
	    "client_id": "cid",
	    "scripts": {"fetchUserProfile": "function (t, ctx, cb) {}"},
	    "authParams": {"a": "1", "b": "2"},
	    "x_vendor_flag": true
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	body, err := c.PatchBody([]byte(`{"pkce_enabled": true, "authParams": {"a": null}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(body))
	// Output:
	// {"options":{"client_id":"cid","pkce_enabled":true,"authParams":{"b":"2"},"scripts":{"fetchUserProfile":"function (t, ctx, cb) {}"},"x_vendor_flag":true}}
}
