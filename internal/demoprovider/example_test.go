package demoprovider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/socialconn/socialconn/internal/demoprovider"
)

func ExampleStart() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the provider

	p, err := demoprovider.Start(ctx, "127.0.0.1:0", demoprovider.Config{
		Clients: []demoprovider.Client{{
			ID:                     "my-app",
			Secret:                 "my-app-secret",
			RedirectURIs:           []string{"http://127.0.0.1:3000/login/callback"},
			PostLogoutRedirectURIs: []string{"http://127.0.0.1:3000/"},
		}},
		// Users left empty: one account, demo / demo.
	})
	if err != nil {
		panic(err)
	}
	defer p.Close()

	resp, err := http.Get(p.Issuer() + "/.well-known/openid-configuration")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var meta struct {
		Issuer                string `json:"issuer"`
		AuthorizationEndpoint string `json:"authorization_endpoint"`
		ISSParameter          bool   `json:"authorization_response_iss_parameter_supported"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&meta); err != nil {
		panic(err)
	}
	fmt.Println(meta.Issuer == p.Issuer(), strings.TrimPrefix(meta.AuthorizationEndpoint, p.Issuer()), meta.ISSParameter)
	// Output: true /authorize true
}
