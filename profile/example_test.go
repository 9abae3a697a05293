package profile_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/socialconn/socialconn/profile"
)

// A GitHub-style profile with a numeric id, as a fetchUserProfile script
// would pass it to its callback.
func ExampleNormalize() {
	scriptResult := json.RawMessage(`{
		"user_id": 583231,
		"nickname": "octocat",
		"email": "octocat@example.com",
		"email_verified": "true",
		"public_repos": 8
	}`)
	u, err := profile.Normalize(scriptResult,
		profile.Tokens{AccessToken: "gho_example", ExpiresIn: 28800},
		profile.Options{Connection: "github", DisableGravatar: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(u)
	// Output:
	// {
	//   "email": "octocat@example.com",
	//   "email_verified": true,
	//   "identities": [
	//     {
	//       "provider": "oauth2",
	//       "connection": "github",
	//       "user_id": "github|583231",
	//       "isSocial": true,
	//       "access_token": "gho_example",
	//       "expires_in": 28800
	//     }
	//   ],
	//   "name": "octocat@example.com",
	//   "nickname": "octocat",
	//   "public_repos": 8,
	//   "user_id": "oauth2|github|583231"
	// }
}

// A profile without an id fails the login with an error naming the
// connection.
func ExampleNormalize_missingID() {
	_, err := profile.Normalize(json.RawMessage(`{"email":"a@example.com"}`),
		profile.Tokens{AccessToken: "secret"}, profile.Options{Connection: "github"})
	fmt.Println(err)
	fmt.Println(errors.Is(err, profile.ErrNoUserID))
	// Output:
	// profile: connection "github": the profile has no user_id (nor id)
	// true
}

// A second login under on_first_login: the name an administrator edited is
// kept, the email follows the provider, metadata keys are merged and the
// denied attribute is used for the login but not stored.
func ExampleMerge() {
	policy := profile.Policy{
		SetUserRootAttributes: profile.OnFirstLogin,
		NonPersistentAttrs:    []string{"amr"},
	}
	opt := profile.Options{Connection: "acme", DisableGravatar: true}

	first, _ := profile.Normalize(json.RawMessage(
		`{"user_id":"42","name":"Jane","email":"jane@old.example","user_metadata":{"theme":"dark"}}`),
		profile.Tokens{AccessToken: "at1", RefreshToken: "rt1"}, opt)
	created, _ := profile.Merge(nil, first, policy)
	stored := created.Persistable(policy)
	stored.Name = "Jane (edited)"

	second, _ := profile.Normalize(json.RawMessage(
		`{"user_id":"42","name":"Jane Doe","email":"jane@new.example","amr":["pwd"],"user_metadata":{"lang":"fr"}}`),
		profile.Tokens{AccessToken: "at2"}, opt)
	user, err := profile.Merge(stored, second, policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("name:", user.Name)
	fmt.Println("email:", user.Email)
	fmt.Println("metadata:", user.UserMetadata)
	fmt.Println("tokens:", user.Identities[0].AccessToken, user.Identities[0].RefreshToken)
	fmt.Println("amr this login:", user.Attributes["amr"])
	fmt.Println("amr stored:", user.Persistable(policy).Attributes["amr"])

	_, err = profile.Merge(nil, second, profile.Policy{SetUserRootAttributes: profile.NeverOnLogin})
	fmt.Println(err)
	// Output:
	// name: Jane (edited)
	// email: jane@new.example
	// metadata: map[lang:fr theme:dark]
	// tokens: at2 rt1
	// amr this login: [pwd]
	// amr stored: <nil>
	// profile: set_user_root_attributes is never_on_login: users are not created at login
}

func ExampleGravatarURL() {
	fmt.Println(profile.GravatarURL("John@Example.com", "John Smith"))
	// Output:
	// https://s.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjs.png
}
