package script

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoopChecksKeepLoopSemantics runs every loop form, with single
// statements, empty bodies, labels, break and continue, and checks the
// results are those of unmodified JavaScript.
func TestLoopChecksKeepLoopSemantics(t *testing.T) {
	s := compileT(t, New(), `function (token, ctx, cb) {
  var out = [];
  for (var i = 0; i < 3; i++) out.push('for' + i);
  var j = 0; while (j < 2) j++; out.push('while' + j);
  var k = 0; do k++; while (k < 4); out.push('do' + k);
  for (var key in {a: 1, b: 2}) out.push('in' + key);
  for (const v of [7, 8]) { out.push('of' + v); }
  for (var e = 0; e < 5; e++);
  out.push('empty' + e);
  outer: for (var x = 0; x < 3; x++) {
    for (var y = 0; y < 3; y++) {
      if (y === 1) continue outer;
      if (x === 2) break outer;
      out.push('lab' + x + y);
    }
  }
  var n = 0; do { if (++n < 3) continue; break; } while (true); out.push('cont' + n);
  var fns = []; for (let z = 0; z < 2; z++) fns.push(function () { return z; });
  out.push('let' + fns[0]() + fns[1]());
  if (true) while (false);
  label2: while (true) { do { break label2; } while (true); }
  cb(null, {user_id: 'u', out: out});
}`)
	res, err := s.FetchUserProfile(context.Background(), "t", nil)
	require.NoError(t, err)
	want := []any{"for0", "for1", "for2", "while2", "do4", "ina", "inb", "of7", "of8", "empty5",
		"lab00", "lab10", "cont3", "let01"}
	assert.Equal(t, want, res.Value.(map[string]any)["out"])
}

// TestLoopChecksKeepPositionsAndSource checks what a script can see of its
// own text: stack positions inside a loop and a function's source text are
// the script's, not the instrumented program's.
func TestLoopChecksKeepPositionsAndSource(t *testing.T) {
	src := "function fetchUserProfile(token, ctx, cb) {\n" +
		"  var where = '';\n" +
		"  for (var i = 0; i < 1; i++) { where = new Error('x').stack; }\n" +
		"  while (!where) where = 'unreachable';\n" +
		"  cb(null, {user_id: 'u', where: where, text: fetchUserProfile.toString()});\n" +
		"}\n"
	res, err := compileT(t, New(), src).FetchUserProfile(context.Background(), "t", nil)
	require.NoError(t, err)
	v := res.Value.(map[string]any)
	line3 := strings.Split(src, "\n")[2]
	assert.Contains(t, v["where"], fmt.Sprintf("script.js:3:%d(", strings.Index(line3, "new Error")+1))
	assert.Equal(t, strings.TrimSuffix(src, "\n"), v["text"])
	assert.NotContains(t, v["text"], loopCheckParam)
}

// TestInstrumentLoopsFindsEveryLoop parses programs and counts the checks
// inserted, including loops nested in functions, classes, arrows and
// expressions.
func TestInstrumentLoopsFindsEveryLoop(t *testing.T) {
	for src, want := range map[string]int{
		`var a = 1;`:        0,
		`while (1) {}`:      1,
		`for (;;);`:         1,
		`do x(); while (0)`: 1,
		`for (a in b) for (c of d) { while (e) f(); }`:                                             3,
		`var f = () => { for (;;) {} }; class C { m() { do {} while (0) } static { while (0); } }`: 3,
		`x = [1].map(function () { for (;;) break; return 1; });`:                                  1,
	} {
		p, err := parser.ParseFile(nil, "t.js", src, 0)
		require.NoError(t, err, src)
		found := instrumentLoops(p)
		assert.Equal(t, want > 0, found, src)
		got := 0
		walkAST(p, func(n any) {
			if c, ok := n.(*ast.CallExpression); ok {
				if id, ok := c.Callee.(*ast.Identifier); ok && id.Name == loopCheckParam {
					got++
				}
			}
		})
		assert.Equal(t, want, got, src)
	}
}

// TestLoopBodyDeclarationsStaySyntaxErrors: a declaration as a loop's body
// is a SyntaxError in Node; the checks must not make it a valid block.
func TestLoopBodyDeclarationsStaySyntaxErrors(t *testing.T) {
	for _, body := range []string{"function g() {}", "l: function g() {}", "class C {}", "let x = 1", "const y = 2"} {
		_, err := New().Compile("function (a, c, cb) { for (var i = 0; i < 1; i++) " + body + "; cb(null, {}) }")
		var se *Error
		require.ErrorAs(t, err, &se, body)
		assert.Equal(t, KindCompile, se.Kind, body)
	}
}

// TestRunawayLoopStopsWithoutAFreeProcessor runs a runaway loop with a
// single processor, where the deadline timer cannot run until Go's
// scheduler preempts the script (10 ms or more): the loop's own check must
// stop it well before that.
func TestRunawayLoopStopsWithoutAFreeProcessor(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const limit = 20 * time.Millisecond
	s := compileT(t, New(WithTimeout(limit)), `function (a, c, cb) { var x = 0; for (;;) { x++; } }`)
	var over []time.Duration
	for range 15 {
		start := time.Now()
		_, err := s.FetchUserProfile(context.Background(), "t", nil)
		over = append(over, time.Since(start)-limit)
		require.True(t, errors.Is(err, ErrTimeout), "want a timeout, got %v", err)
	}
	slices.Sort(over)
	t.Logf("overshoot with one processor: min %v, median %v, max %v", over[0], over[len(over)/2], over[len(over)-1])
	// Without the loop check the median is 10 ms or more (preemption);
	// with it, microseconds plus whatever the machine adds.
	assert.Less(t, over[len(over)/2], 5*time.Millisecond)
}

func compileT(t *testing.T, e *Engine, src string) *Script {
	t.Helper()
	s, err := e.Compile(src)
	require.NoError(t, err)
	return s
}

// FuzzInstrumentLoops checks on arbitrary programs that adding the loop
// checks never panics, never changes whether a program compiles, and adds
// exactly one check per loop of a valid program.
func FuzzInstrumentLoops(f *testing.F) {
	for _, s := range []string{
		`while (1) {}`, `for (;;);`, `do x(); while (0)`, `for (a in b) for (c of d) { while (e) f(); }`,
		`l: for (;;) { continue l; }`, `for (let i = 0; i < 3; i++) function f() {}`,
		`async function f() { for await (const x of y) {} }`, `class C { static { while (0); } }`,
		`if (a) while (b) c(); else do d(); while (e)`, `for (const [a, {b}] of c) ;`, `x = () => { for (;;) break }`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var found bool
		plain, checked, ok := instrumentedPair(t, src, func(p *ast.Program) { found = instrumentLoops(p) })
		if !ok {
			return
		}
		loops := 0
		walkAST(plain, func(n any) {
			switch n.(type) {
			case *ast.ForStatement, *ast.ForInStatement, *ast.ForOfStatement, *ast.WhileStatement, *ast.DoWhileStatement:
				loops++
			}
		})
		checks := len(callsOf(checked, loopCheckParam))
		if _, err := goja.CompileAST(plain, false); err == nil {
			// Every loop of a valid program is checked.
			assert.Equal(t, loops, checks)
			assert.Equal(t, loops > 0, found)
		}
	})
}

// instrumentedPair parses src twice, runs instrument on the second tree
// and checks that it compiles exactly when the first does. ok is false for
// a source that is too long or does not parse.
func instrumentedPair(t *testing.T, src string, instrument func(*ast.Program)) (plain, changed *ast.Program, ok bool) {
	if len(src) > 4096 {
		return nil, nil, false
	}
	plain, err := parser.ParseFile(nil, "f.js", src, 0)
	if err != nil {
		return nil, nil, false
	}
	changed, err = parser.ParseFile(nil, "f.js", src, 0)
	require.NoError(t, err)
	instrument(changed)
	_, plainErr := goja.CompileAST(plain, false)
	_, changedErr := goja.CompileAST(changed, false)
	assert.Equal(t, plainErr == nil, changedErr == nil, "plain: %v, instrumented: %v", plainErr, changedErr)
	return plain, changed, true
}

// callsOf lists prog's calls of the identifier name.
func callsOf(prog *ast.Program, name string) []*ast.CallExpression {
	var calls []*ast.CallExpression
	walkAST(prog, func(n any) {
		if c, ok := n.(*ast.CallExpression); ok {
			if id, ok := c.Callee.(*ast.Identifier); ok && id.Name.String() == name {
				calls = append(calls, c)
			}
		}
	})
	return calls
}

// FuzzInstrumentCatches checks on arbitrary programs that adding the
// caught-error hook never panics, never changes whether a program
// compiles, and adds one call per catch clause with a named parameter and
// per function literal handed to .catch or as .then's second argument
// whose first parameter is a plain name.
func FuzzInstrumentCatches(f *testing.F) {
	for _, s := range []string{
		`try { a() } catch (e) { b(e) }`, `try {} catch {}`, `try {} catch ({message}) {}`, `try {} catch (e) {} finally {}`,
		`p.catch(e => e.message)`, `p.then(null, function (err) { return err })`, `p.then(x => x, (e, f) => { throw e })`,
		`p.catch((e = 1) => e)`, `p.catch(([e]) => e)`, `p.catch(async e => { await e })`, `p.catch(h)`, `p.then(ok)`,
		`p.catch(e => p.catch(f => f))`, `async function g() { try { await p } catch (e) { try {} catch (e) {} } }`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		plain, hooked, ok := instrumentedPair(t, src, instrumentCatches)
		if !ok {
			return
		}
		// The names each hook must be called with, in the tree's order.
		var want []string
		walkAST(plain, func(n any) {
			switch n := n.(type) {
			case *ast.CatchStatement:
				if id, ok := n.Parameter.(*ast.Identifier); ok {
					want = append(want, id.Name.String())
				}
			case *ast.CallExpression:
				if fn := rejectionHandler(n); fn != nil {
					if name, ok := handlerParam(fn); ok {
						want = append(want, name.String())
					}
				}
			}
		})
		var got []string
		for _, c := range callsOf(hooked, caughtHook) {
			require.Len(t, c.ArgumentList, 1)
			got = append(got, c.ArgumentList[0].(*ast.Identifier).Name.String())
		}
		assert.ElementsMatch(t, want, got)
	})
}
