package mockidp_test

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/socialconn/socialconn/internal/mockidp"
)

// A client from Server.Client reaches the mock whatever host it names, with
// TLS verified against the mock's CA, and the mock records what it saw.
func ExampleServer() {
	s, err := mockidp.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	s.Handle("api.github.com", "/user", mockidp.Response{JSON: map[string]any{"id": 1, "login": "octocat"}})

	resp, err := s.Client().Get("https://api.github.com/user?x=1")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var user map[string]any
	_ = json.Unmarshal(body, &user)

	fmt.Println(resp.StatusCode, user["login"])
	for _, r := range s.Requests() {
		fmt.Println(r.Method, r.URL())
	}
	// Output:
	// 200 octocat
	// GET https://api.github.com/user?x=1
}

// TokenContext builds the ctx a fetchUserProfile script receives, with a
// signed id_token for the mock user.
func ExampleTokenContext() {
	ctx, err := mockidp.TokenContext(mockidp.TokenOptions{AccessToken: "at-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ctx["access_token"], ctx["token_type"], ctx["id_token"] != "")
	// Output: at-1 Bearer true
}
