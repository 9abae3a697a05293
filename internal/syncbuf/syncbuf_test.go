package syncbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBufferConcurrentWritesAndReads(t *testing.T) {
	var buf Buffer
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				n, err := fmt.Fprintf(&buf, "g%d-%d\n", g, i)
				require.NoError(t, err)
				require.Positive(t, n)
				_ = buf.String()
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	assert.Len(t, lines, 800, "every write is kept whole")
	assert.Contains(t, lines, "g7-99")
}
