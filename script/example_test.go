package script_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/socialconn/socialconn/script"
)

func ExampleScript_FetchUserProfile() {
	// A provider's userinfo endpoint.
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer at-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"42","email":"ada@example.com"}`)
	}))
	defer idp.Close()

	// The script exactly as stored in options.scripts.fetchUserProfile.
	src := `function (accessToken, ctx, callback) {
  request.get({
    url: 'USERINFO',
    headers: { Authorization: 'Bearer ' + accessToken },
    json: true
  }, function (err, resp, body) {
    if (err) return callback(err);
    if (resp.statusCode !== 200) return callback(new Error('userinfo failed: ' + resp.statusCode));
    console.log('got profile for %s', body.email);
    callback(null, { user_id: body.id, email: body.email, scope: ctx.scope });
  });
}`
	engine := script.New(script.WithHTTPClient(idp.Client()))
	s, err := engine.Compile(strings.Replace(src, "USERINFO", idp.URL+"/userinfo", 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.FetchUserProfile(context.Background(), "at-1", map[string]any{"scope": "openid email"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Value)
	fmt.Println(res.Logs[0].Message)
	// Output:
	// map[email:ada@example.com scope:openid email user_id:42]
	// got profile for ada@example.com
}

func ExampleScript_GetLogoutURL() {
	s, err := script.New().Compile(`function getLogoutUrl(query, callback) {
  callback(null, 'https://idp.example/logout?post_logout_redirect_uri=' + encodeURIComponent(query.returnTo));
}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.GetLogoutURL(context.Background(), map[string][]string{"returnTo": {"https://app.example/bye"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Value)
	// Output:
	// https://idp.example/logout?post_logout_redirect_uri=https%3A%2F%2Fapp.example%2Fbye
}
