package demoprovider

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
)

type hidden struct{ Name, Value string }

type loginData struct {
	Title    string
	ClientID string
	Action   string
	Error    string
	Username string
	Hint     string
	Hidden   []hidden
}

type messageData struct {
	Title   string
	Message string
}

var pages = template.Must(template.New("").Parse(`
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Demo provider</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.7rem 0}input[type=text],input[type=password]{display:block;width:100%;padding:.45rem;box-sizing:border-box;margin-top:.2rem}
.err{color:#b00020}.hint{color:#555;font-size:.9rem}button{padding:.45rem 1.1rem;margin:.6rem .5rem 0 0}small{color:#777}</style>
</head><body>
{{end}}
{{define "login"}}{{template "head" .}}<h1>Sign in</h1>
<p>to continue to <strong>{{.ClientID}}</strong></p>
{{if .Error}}<p class="err" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<label>Username <input type="text" name="username" value="{{.Username}}" autocomplete="username" required autofocus></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
{{if .Hint}}<p class="hint">Demo account: <code>{{.Hint}}</code></p>{{end}}
<button type="submit" name="action" value="login">Sign in</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>
<p><small>Demo OpenID provider for local development.</small></p>
</body></html>{{end}}
{{define "message"}}{{template "head" .}}<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
</body></html>{{end}}
`))

// htmlHeaders forbid framing, scripts and referrers on every page.
func htmlHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	noStore(w)
}

func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

func (p *Provider) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		p.log.Error("demoprovider: render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	htmlHeaders(w)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage shows an error to the user without redirecting anywhere.
func (p *Provider) errorPage(w http.ResponseWriter, status int, msg string) {
	p.render(w, status, "message", messageData{Title: "Error", Message: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"server_error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	status := e.status
	if status == 0 {
		status = http.StatusBadRequest
	}
	noStore(w)
	writeJSON(w, status, map[string]string{"error": e.code, "error_description": e.description})
}
