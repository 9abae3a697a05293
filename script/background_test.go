package script_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/script"
)

// TestBackgroundWorkEndsWithTheInvocation: a script that starts a thousand
// RSA signatures with callbacks (1.6 s of CPU on two cores) and calls back
// 20 ms later returns about when it called back: at most a few signatures
// run at a time (as in Node's thread pool) and those still waiting then
// never start.
func TestBackgroundWorkEndsWithTheInvocation(t *testing.T) {
	key, err := os.ReadFile("testdata/modules/rsa_private.pem")
	require.NoError(t, err)
	s, err := script.New().Compile(`function (token, ctx, cb) {
  var jwt = require('jsonwebtoken'), key = ` + strconv.Quote(string(key)) + `, started = Date.now();
  for (var i = 0; i < 1000; i++) jwt.sign({i: i}, key, {algorithm: 'RS256'}, function () {});
  var loop = Date.now() - started;
  setTimeout(function () { cb(null, {user_id: '1', loop_ms: loop + 20}); }, 20);
}`)
	require.NoError(t, err)
	start := time.Now()
	res, err := s.FetchUserProfile(context.Background(), "", nil)
	elapsed := time.Since(start)
	require.NoError(t, err)
	loop := time.Duration(res.Value.(map[string]any)["loop_ms"].(float64)) * time.Millisecond
	t.Logf("starting them took %v, the invocation %v", loop, elapsed)
	assert.Less(t, elapsed-loop, slowdown*150*time.Millisecond, "the queued signatures did not all run")
}
