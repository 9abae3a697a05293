package logout_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/socialconn/socialconn/logout"
)

func ExampleNewAllowList() {
	allow, err := logout.NewAllowList(
		"https://app.example.com/signed-out",
		"https://*.preview.example.com",
	)
	if err != nil {
		panic(err)
	}
	for _, returnTo := range []string{
		"https://app.example.com/signed-out?lang=fr", // query ignored, as Auth0
		"https://APP.example.com/signed-out",         // host case-insensitive
		"https://app.example.com/Signed-Out",         // path case-sensitive
		"https://pr-42.preview.example.com/",         // one wildcard label
		"https://preview.example.com/",               // wildcard needs a label
		"https://app.example.com@evil.example/",      // userinfo trick
	} {
		fmt.Println(allow.Allowed(returnTo), returnTo)
	}

	_, err = logout.NewAllowList("https://*.com")
	fmt.Println(errors.Is(err, logout.ErrInvalidAllowListEntry))
	// Output:
	// true https://app.example.com/signed-out?lang=fr
	// true https://APP.example.com/signed-out
	// false https://app.example.com/Signed-Out
	// true https://pr-42.preview.example.com/
	// false https://preview.example.com/
	// false https://app.example.com@evil.example/
	// true
}

func ExampleResolve() {
	allow, _ := logout.ParseAllowList("https://app.example.com/signed-out")

	// In production the connection package adapts the getLogoutUrl script;
	// here a Go func stands in for it.
	getLogoutURL := func(ctx context.Context, query map[string][]string) (string, error) {
		next := "https://tenant.example.com/v2/logout?returnTo=" + url.QueryEscape(query["returnTo"][0])
		return "https://idp.example.com/logout?redirect=" + url.QueryEscape(next), nil
	}
	cfg := logout.Config{Script: getLogoutURL, AllowList: allow, ScriptTimeout: 5 * time.Second}

	// GET /v2/logout?federated&returnTo=https://app.example.com/signed-out
	query, _ := url.ParseQuery("federated&returnTo=https%3A%2F%2Fapp.example.com%2Fsigned-out")
	res, err := logout.Resolve(context.Background(), cfg, logout.Request{Query: query})
	if err != nil {
		// res.ReturnTo is still usable: end the local session, then redirect.
		fmt.Println("provider logout failed:", err)
	}
	fmt.Println(res.Kind)
	fmt.Println(res.URL)
	fmt.Println(res.ReturnTo)

	// An unlisted returnTo is refused before the script runs.
	query.Set("returnTo", "https://evil.example/")
	_, err = logout.Resolve(context.Background(), cfg, logout.Request{Query: query})
	fmt.Println(err)
	// Output:
	// script
	// https://idp.example.com/logout?redirect=https%3A%2F%2Ftenant.example.com%2Fv2%2Flogout%3FreturnTo%3Dhttps%253A%252F%252Fapp.example.com%252Fsigned-out
	// https://app.example.com/signed-out
	// logout: returnTo: not an allowed logout URL
}

func ExampleResolve_endSession() {
	// Usually from DiscoverEndSession(ctx, issuer, client).
	es, err := logout.NewEndSession("https://idp.example.com/oidc/logout")
	if err != nil {
		panic(err)
	}
	allow, _ := logout.NewAllowList("https://app.example.com/signed-out")
	res, err := logout.Resolve(context.Background(),
		logout.Config{EndSession: es, ClientID: "client-at-idp", AllowList: allow},
		logout.Request{
			Query:       url.Values{"federated": {""}, "returnTo": {"https://app.example.com/signed-out"}},
			IDTokenHint: "eyJhbGciOiJSUzI1NiJ9.e30.sig", // the provider's ID token for this session
			State:       "af0ifjsldkj",
		})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Kind)
	fmt.Println(res.URL)
	// Output:
	// end_session
	// https://idp.example.com/oidc/logout?client_id=client-at-idp&id_token_hint=eyJhbGciOiJSUzI1NiJ9.e30.sig&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fsigned-out&state=af0ifjsldkj
}

func ExampleValidateLogoutURL() {
	for _, u := range []string{
		"https://idp.example.com/logout",
		"javascript:alert(1)",
		"//evil.example/",
	} {
		fmt.Println(logout.ValidateLogoutURL(u))
	}
	// Output:
	// <nil>
	// logout: invalid logout URL: scheme must be http or https
	// logout: invalid logout URL: scheme must be http or https
}
