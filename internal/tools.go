//go:build tools

// Package internal pins dependencies in go.mod so that every package of the
// module can use them without editing go.mod: the five runtime dependencies,
// plus, for tests only, a real third-party OpenID Provider (zitadel/oidc's
// example OP) and a goroutine-leak checker.
package internal

import (
	_ "github.com/coreos/go-oidc/v3/oidc"
	_ "github.com/dop251/goja"
	_ "github.com/dop251/goja_nodejs/buffer"
	_ "github.com/dop251/goja_nodejs/console"
	_ "github.com/dop251/goja_nodejs/require"
	_ "github.com/dop251/goja_nodejs/url"
	_ "github.com/dop251/goja_nodejs/util"
	_ "github.com/go-jose/go-jose/v4"
	_ "github.com/stretchr/testify/require"
	_ "github.com/zitadel/oidc/v3/example/server/exampleop"
	_ "github.com/zitadel/oidc/v3/example/server/storage"
	_ "go.uber.org/goleak"
	_ "golang.org/x/oauth2"
)
