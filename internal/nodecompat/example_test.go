package nodecompat_test

import (
	"context"
	"fmt"
	"time"

	"github.com/socialconn/socialconn/internal/mockidp"
	"github.com/socialconn/socialconn/internal/nodecompat"
)

// Run a fetchUserProfile script under real Node, with its HTTP calls answered
// by a mock provider. (Not run by go test: it needs node and npm.)
func ExampleRunner_Run() {
	mock, err := mockidp.Start()
	if err != nil {
		panic(err)
	}
	defer mock.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := nodecompat.Start(ctx, nodecompat.Options{
		HTTPAddr:  mock.HTTPAddr(),
		HTTPSAddr: mock.HTTPSAddr(),
		CAPEM:     mock.CA.CertPEM(),
	})
	if err != nil {
		fmt.Println(err) // nodecompat.ErrNoNode without node
		return
	}
	defer r.Close()

	res, err := r.Run(ctx, `function(accessToken, ctx, cb) {
  request.get('https://api.github.com/user', {json: true, auth: {bearer: accessToken}}, function(e, resp, body) {
    if (e) return cb(e);
    cb(null, {user_id: body.id, login: body.login});
  });
}`, "token", map[string]any{})
	if err != nil {
		fmt.Println("harness:", err)
		return
	}
	if res.Err != nil {
		fmt.Println("script failed:", res.Err.Message)
		return
	}
	fmt.Println(res.Value)
}
