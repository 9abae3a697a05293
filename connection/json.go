package connection

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
)

// MaxDocumentSize is the largest JSON document Decode, Load, UnmarshalJSON and
// MergeOptions accept, in bytes. A connection with both scripts at their
// 51,200-character limit fits comfortably.
const MaxDocumentSize = 1 << 20

// DecodeError reports JSON that cannot be read as a connection: a syntax error
// (Path is empty, Line and Column locate it) or a value of the wrong type (Path
// names it, for example "options.pkce_enabled"). Its message never contains
// the offending value.
type DecodeError struct {
	// Path is the JSON path of the offending value, empty for syntax errors and
	// for size errors.
	Path string
	// Line and Column (1-based) locate a syntax error; zero otherwise.
	Line, Column int
	// Reason says what is wrong.
	Reason string
}

// Error formats the problem as "connection: <path>: <reason>", or with the
// line and column of a syntax error.
func (e *DecodeError) Error() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("connection: invalid JSON at line %d, column %d: %s", e.Line, e.Column, e.Reason)
	case e.Path != "":
		return "connection: " + e.Path + ": " + e.Reason
	default:
		return "connection: " + e.Reason
	}
}

// Decode reads a connection object as the Management API returns it. Unknown
// keys (top level and options) are kept in Extra, and the keys the document
// had are remembered, so that encoding the result gives back an equal
// document.
//
// Decode checks JSON syntax and the type of every known field, and refuses
// documents larger than MaxDocumentSize; it does not check values: call
// Validate, or use Load.
func Decode(data []byte) (*Connection, error) {
	c := new(Connection)
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return c, nil
}

// Load is Decode followed by Validate: it returns a connection ready to use,
// or a *DecodeError, or a *ValidationError listing every problem found.
func Load(data []byte) (*Connection, error) {
	c, err := Decode(data)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// keyState records how a known key appeared in a decoded document.
type keyState uint8

const (
	keyAbsent keyState = iota
	keyPresent
	keyNull
)

// keyStates maps each known key of a decoded object to its state. A nil map
// means the value was built in Go, not decoded: encoding then omits zero
// fields.
type keyStates map[string]keyState

// pairState is keyStates for objects with exactly two known keys, kept
// comparable: two bits per key and one "decoded" bit.
type pairState uint8

const pairDecoded pairState = 1 << 7

func (p pairState) get(i int) keyState { return keyState(p>>(2*i)) & 3 }
func (p *pairState) set(i int, s keyState) {
	*p = *p&^(3<<(2*i)) | pairState(s)<<(2*i)
}

// jsonKind names the JSON type of a raw value for error messages.
func jsonKind(raw []byte) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

func isNull(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

var plainKey = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$`)

// joinPath appends key to a JSON path, quoting keys that are not plain
// identifiers (and shortening very long ones) so that paths stay readable and
// free of control characters.
func joinPath(base, key string) string {
	if plainKey.MatchString(key) {
		if base == "" {
			return key
		}
		return base + "." + key
	}
	if len(key) > 64 {
		key = key[:64] + "..."
	}
	return base + "[" + strconv.Quote(key) + "]"
}

func typeError(path, want string, raw []byte) error {
	return &DecodeError{Path: path, Reason: "must be " + want + ", not " + jsonKind(raw)}
}

// checkSyntax validates data as one JSON value and reports the position of a
// syntax error.
func checkSyntax(data []byte) error {
	if len(data) > MaxDocumentSize {
		return &DecodeError{Reason: fmt.Sprintf("document is larger than %d bytes", MaxDocumentSize)}
	}
	if json.Valid(data) {
		return nil
	}
	var se *json.SyntaxError
	if err := json.Unmarshal(data, new(json.RawMessage)); errors.As(err, &se) {
		line, col := 1, 1
		for _, b := range data[:min(int(se.Offset), len(data))] {
			if b == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		return &DecodeError{Line: line, Column: col, Reason: se.Error()}
	}
	return &DecodeError{Line: 1, Column: 1, Reason: "not a JSON value"}
}

// decodeObject splits a JSON object into its members.
func decodeObject(path string, raw []byte) (map[string]json.RawMessage, error) {
	if jsonKind(raw) != "an object" {
		return nil, typeError(pathOrRoot(path), "an object", raw)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, &DecodeError{Path: pathOrRoot(path), Reason: "must be an object"}
	}
	return m, nil
}

func pathOrRoot(p string) string {
	if p == "" {
		return "(document)"
	}
	return p
}

func decString(path string, raw []byte, dst *string) error {
	if jsonKind(raw) != "a string" {
		return typeError(path, "a string", raw)
	}
	return json.Unmarshal(raw, dst)
}

func decBool(path string, raw []byte, dst *bool) error {
	if jsonKind(raw) != "a boolean" {
		return typeError(path, "a boolean", raw)
	}
	return json.Unmarshal(raw, dst)
}

func decStrings(path string, raw []byte, dst *[]string) error {
	if jsonKind(raw) != "an array" {
		return typeError(path, "an array of strings", raw)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return &DecodeError{Path: path, Reason: "must be an array of strings"}
	}
	out := make([]string, len(items))
	for i, it := range items {
		if err := decString(path+"["+strconv.Itoa(i)+"]", it, &out[i]); err != nil {
			return err
		}
	}
	*dst = out
	return nil
}

func decStringMap(path string, raw []byte, dst *map[string]string) error {
	m, err := decodeObject(path, raw)
	if err != nil {
		return err
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		var s string
		if err := decString(joinPath(path, k), v, &s); err != nil {
			return err
		}
		out[k] = s
	}
	*dst = out
	return nil
}

func decMetadata(path string, raw []byte, dst *map[string]*string) error {
	m, err := decodeObject(path, raw)
	if err != nil {
		return err
	}
	out := make(map[string]*string, len(m))
	for k, v := range m {
		if isNull(v) {
			out[k] = nil
			continue
		}
		s := new(string)
		if err := decString(joinPath(path, k), v, s); err != nil {
			return typeError(joinPath(path, k), "a string or null", v)
		}
		out[k] = s
	}
	*dst = out
	return nil
}

// compactExtras stores unknown members compacted, so that decoding what
// encoding wrote gives identical bytes.
func compactExtras(m map[string]json.RawMessage, known func(string) bool) map[string]json.RawMessage {
	var out map[string]json.RawMessage
	for k, v := range m {
		if known(k) {
			continue
		}
		var b bytes.Buffer
		if err := json.Compact(&b, v); err != nil {
			b.Reset()
			b.Write(v)
		}
		if out == nil {
			out = make(map[string]json.RawMessage)
		}
		out[k] = json.RawMessage(b.Bytes())
	}
	return out
}

// marshalValue encodes v without HTML escaping, so that scripts stay
// readable.
func marshalValue(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// objectWriter writes a JSON object member by member.
type objectWriter struct {
	buf bytes.Buffer
	n   int
	err error
}

func (w *objectWriter) raw(key string, val []byte) {
	if w.err != nil {
		return
	}
	if w.n == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	w.n++
	k, _ := marshalValue(key)
	w.buf.Write(k)
	w.buf.WriteByte(':')
	w.buf.Write(val)
}

// field writes a known key according to its decoded state: a decoded document
// gets back every key it had (null stays null while the value is still zero)
// plus any key whose value became non-zero; a value built in Go gets its
// non-zero fields and the always-written ones. empty is written for a present
// key whose value encodes as null (a nil map or slice).
func (w *objectWriter) field(key string, st keyState, decoded, zero, always bool, v any, empty string) {
	if w.err != nil {
		return
	}
	switch {
	case decoded && zero && st == keyNull:
		w.raw(key, []byte("null"))
		return
	case decoded && (st != keyAbsent || !zero):
	case !decoded && (!zero || always):
	default:
		return
	}
	b, err := marshalValue(v)
	if err != nil {
		w.err = fmt.Errorf("connection: encode %s: %w", key, err)
		return
	}
	if string(b) == "null" && empty != "" {
		b = []byte(empty)
	}
	w.raw(key, b)
}

// extras writes unknown members in key order, skipping known keys.
func (w *objectWriter) extras(path string, m map[string]json.RawMessage, known func(string) bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		if !known(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := m[k]
		if !json.Valid(v) {
			w.err = fmt.Errorf("connection: encode %s: Extra value is not valid JSON", joinPath(path, k))
			return
		}
		var b bytes.Buffer
		_ = json.Compact(&b, v)
		w.raw(k, b.Bytes())
	}
}

func (w *objectWriter) bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.n == 0 {
		return []byte("{}"), nil
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}

// decodeKnown is the lossless decoding Connection and Options share: it
// checks data's syntax, splits the object at path into its members, records
// in keys whether each member named in known is null or present, and hands
// every present, non-null known member to field, stopping at its first
// error. It returns all the members so that the caller can keep the unknown
// ones; it does not look at their values.
func decodeKnown(path string, data []byte, known map[string]bool, keys keyStates, field func(k string, raw json.RawMessage) error) (map[string]json.RawMessage, error) {
	if err := checkSyntax(data); err != nil {
		return nil, err
	}
	m, err := decodeObject(path, data)
	if err != nil {
		return nil, err
	}
	for k, raw := range m {
		if !known[k] {
			continue
		}
		if isNull(raw) {
			keys[k] = keyNull
			continue
		}
		keys[k] = keyPresent
		if err := field(k, raw); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// ---- Connection ----

var connectionKeys = map[string]bool{
	"id": true, "name": true, "display_name": true, "strategy": true, "options": true,
	"enabled_clients": true, "realms": true, "is_domain_connection": true, "metadata": true,
}

func isConnectionKey(k string) bool { return connectionKeys[k] }

// UnmarshalJSON decodes a connection object losslessly; see Decode.
func (c *Connection) UnmarshalJSON(data []byte) error {
	var out Connection
	out.keys = keyStates{}
	m, err := decodeKnown("", data, connectionKeys, out.keys, func(k string, raw json.RawMessage) (err error) {
		switch k {
		case "id":
			err = decString(k, raw, &out.ID)
		case "name":
			err = decString(k, raw, &out.Name)
		case "display_name":
			err = decString(k, raw, &out.DisplayName)
		case "strategy":
			err = decString(k, raw, &out.Strategy)
		case "options":
			err = out.Options.UnmarshalJSON(raw)
		case "enabled_clients":
			err = decStrings(k, raw, &out.EnabledClients)
		case "realms":
			err = decStrings(k, raw, &out.Realms)
		case "is_domain_connection":
			err = decBool(k, raw, &out.IsDomainConnection)
		case "metadata":
			err = decMetadata(k, raw, &out.Metadata)
		}
		return err
	})
	if err != nil {
		return err
	}
	out.Extra = compactExtras(m, isConnectionKey)
	*c = out
	return nil
}

// MarshalJSON encodes the connection. For a decoded connection it writes
// every key the document had (including zero values such as
// "is_domain_connection": false) and every Extra entry, so the result is
// JSON-equal to the input when nothing was changed. For a connection built in
// Go it writes name, strategy, options and the non-zero fields.
func (c Connection) MarshalJSON() ([]byte, error) {
	var w objectWriter
	d := c.keys != nil
	k := c.keys
	w.field("id", k["id"], d, c.ID == "", false, c.ID, "")
	w.field("name", k["name"], d, c.Name == "", true, c.Name, "")
	w.field("display_name", k["display_name"], d, c.DisplayName == "", false, c.DisplayName, "")
	w.field("strategy", k["strategy"], d, c.Strategy == "", true, c.Strategy, "")
	w.field("options", k["options"], d, c.Options.isZero(), true, c.Options, "")
	w.field("enabled_clients", k["enabled_clients"], d, len(c.EnabledClients) == 0, false, c.EnabledClients, "[]")
	w.field("realms", k["realms"], d, len(c.Realms) == 0, false, c.Realms, "[]")
	w.field("is_domain_connection", k["is_domain_connection"], d, !c.IsDomainConnection, false, c.IsDomainConnection, "")
	w.field("metadata", k["metadata"], d, len(c.Metadata) == 0, false, c.Metadata, "{}")
	w.extras("", c.Extra, isConnectionKey)
	return w.bytes()
}

// ---- Options ----

var optionKeys = map[string]bool{
	"client_id": true, "client_secret": true, "authorizationURL": true, "tokenURL": true,
	"scope": true, "useOauthSpecScope": true, "scripts": true, "authParams": true,
	"authParamsMap": true, "upstream_params": true, "customHeaders": true,
	"pkce_enabled": true, "logoutUrl": true, "icon_url": true,
	"set_user_root_attributes": true, "non_persistent_attrs": true, "fieldsMap": true,
	"issuer": true,
}

func isOptionKey(k string) bool { return optionKeys[k] }

// isZero reports whether the options carry nothing at all (so that a Go-built
// connection still writes "options": {}).
func (o *Options) isZero() bool {
	return o.keys == nil && o.ClientID == "" && o.ClientSecret == "" && o.AuthorizationURL == "" &&
		o.TokenURL == "" && o.Scope.isZero() && !o.UseOauthSpecScope && o.Scripts.isZero() &&
		len(o.AuthParams) == 0 && len(o.AuthParamsMap) == 0 && len(o.UpstreamParams) == 0 &&
		len(o.CustomHeaders) == 0 && !o.PKCEEnabled && o.LogoutURL == "" && o.IconURL == "" &&
		o.SetUserRootAttributes == "" && len(o.NonPersistentAttrs) == 0 && len(o.FieldsMap) == 0 &&
		o.Issuer == "" && len(o.Extra) == 0
}

// UnmarshalJSON decodes an options object losslessly; errors name the path
// from the connection ("options.tokenURL").
func (o *Options) UnmarshalJSON(data []byte) error {
	var out Options
	out.keys = keyStates{}
	m, err := decodeKnown("options", data, optionKeys, out.keys, func(k string, raw json.RawMessage) (err error) {
		p := "options." + k
		switch k {
		case "client_id":
			err = decString(p, raw, &out.ClientID)
		case "client_secret":
			err = decString(p, raw, &out.ClientSecret)
		case "authorizationURL":
			err = decString(p, raw, &out.AuthorizationURL)
		case "tokenURL":
			err = decString(p, raw, &out.TokenURL)
		case "scope":
			err = out.Scope.decode(p, raw)
		case "useOauthSpecScope":
			err = decBool(p, raw, &out.UseOauthSpecScope)
		case "scripts":
			err = out.Scripts.decode(p, raw)
		case "authParams":
			err = decStringMap(p, raw, &out.AuthParams)
		case "authParamsMap":
			err = decStringMap(p, raw, &out.AuthParamsMap)
		case "upstream_params":
			err = decUpstream(p, raw, &out.UpstreamParams)
		case "customHeaders":
			err = decStringMap(p, raw, &out.CustomHeaders)
		case "pkce_enabled":
			err = decBool(p, raw, &out.PKCEEnabled)
		case "logoutUrl":
			err = decString(p, raw, &out.LogoutURL)
		case "icon_url":
			err = decString(p, raw, &out.IconURL)
		case "set_user_root_attributes":
			err = decString(p, raw, &out.SetUserRootAttributes)
		case "non_persistent_attrs":
			err = decStrings(p, raw, &out.NonPersistentAttrs)
		case "fieldsMap":
			err = decStringMap(p, raw, &out.FieldsMap)
		case "issuer":
			err = decString(p, raw, &out.Issuer)
		}
		return err
	})
	if err != nil {
		return err
	}
	out.Extra = compactExtras(m, isOptionKey)
	*o = out
	return nil
}

// MarshalJSON encodes the options with the same rules as
// Connection.MarshalJSON: a decoded object gets back every key it had.
func (o Options) MarshalJSON() ([]byte, error) {
	var w objectWriter
	d := o.keys != nil
	k := o.keys
	w.field("authorizationURL", k["authorizationURL"], d, o.AuthorizationURL == "", false, o.AuthorizationURL, "")
	w.field("tokenURL", k["tokenURL"], d, o.TokenURL == "", false, o.TokenURL, "")
	w.field("client_id", k["client_id"], d, o.ClientID == "", false, o.ClientID, "")
	w.field("client_secret", k["client_secret"], d, o.ClientSecret == "", false, o.ClientSecret, "")
	w.field("scope", k["scope"], d, o.Scope.isZero(), false, o.Scope, "")
	w.field("useOauthSpecScope", k["useOauthSpecScope"], d, !o.UseOauthSpecScope, false, o.UseOauthSpecScope, "")
	w.field("pkce_enabled", k["pkce_enabled"], d, !o.PKCEEnabled, false, o.PKCEEnabled, "")
	w.field("authParams", k["authParams"], d, len(o.AuthParams) == 0, false, o.AuthParams, "{}")
	w.field("authParamsMap", k["authParamsMap"], d, len(o.AuthParamsMap) == 0, false, o.AuthParamsMap, "{}")
	w.field("upstream_params", k["upstream_params"], d, len(o.UpstreamParams) == 0, false, o.UpstreamParams, "{}")
	w.field("customHeaders", k["customHeaders"], d, len(o.CustomHeaders) == 0, false, o.CustomHeaders, "{}")
	w.field("logoutUrl", k["logoutUrl"], d, o.LogoutURL == "", false, o.LogoutURL, "")
	w.field("icon_url", k["icon_url"], d, o.IconURL == "", false, o.IconURL, "")
	w.field("set_user_root_attributes", k["set_user_root_attributes"], d, o.SetUserRootAttributes == "", false, o.SetUserRootAttributes, "")
	w.field("non_persistent_attrs", k["non_persistent_attrs"], d, len(o.NonPersistentAttrs) == 0, false, o.NonPersistentAttrs, "[]")
	w.field("fieldsMap", k["fieldsMap"], d, len(o.FieldsMap) == 0, false, o.FieldsMap, "{}")
	w.field("issuer", k["issuer"], d, o.Issuer == "", false, o.Issuer, "")
	w.field("scripts", k["scripts"], d, o.Scripts.isZero(), false, o.Scripts, "")
	w.extras("options", o.Extra, isOptionKey)
	return w.bytes()
}

// ---- Scope ----

func (s Scope) isZero() bool { return !s.IsArray && len(s.Values) == 0 }

func (s *Scope) decode(path string, raw []byte) error {
	switch jsonKind(raw) {
	case "a string":
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return typeError(path, "a string or an array of strings", raw)
		}
		*s = Scope{}
		if v != "" {
			s.Values = []string{v}
		}
		return nil
	case "an array":
		var v []string
		if err := decStrings(path, raw, &v); err != nil {
			return err
		}
		*s = Scope{Values: v, IsArray: true}
		return nil
	}
	return typeError(path, "a string or an array of strings", raw)
}

// UnmarshalJSON reads a scope configured as a string (kept verbatim as the
// single element of Values) or as an array of strings. null gives the zero
// Scope.
func (s *Scope) UnmarshalJSON(data []byte) error {
	if err := checkSyntax(data); err != nil {
		return err
	}
	if isNull(data) {
		*s = Scope{}
		return nil
	}
	return s.decode("options.scope", data)
}

// MarshalJSON writes the scope in its configured form: an array when IsArray,
// otherwise a string (Values joined by a space).
func (s Scope) MarshalJSON() ([]byte, error) {
	if s.IsArray {
		v := s.Values
		if v == nil {
			v = []string{}
		}
		return marshalValue(v)
	}
	return marshalValue(s.String())
}

// ---- Scripts ----

var scriptKeys = [2]string{"fetchUserProfile", "getLogoutUrl"}

func (s Scripts) isZero() bool {
	return s.state == 0 && s.FetchUserProfile == "" && s.GetLogoutURL == "" && s.unknown == ""
}

func (s *Scripts) decode(path string, raw []byte) error {
	out := Scripts{}
	var err error
	out.state, out.unknown, err = decodePair(path, raw, scriptKeys, [2]*string{&out.FetchUserProfile, &out.GetLogoutURL})
	if err != nil {
		return err
	}
	*s = out
	return nil
}

// UnknownKeys returns the keys of the decoded scripts object other than
// fetchUserProfile and getLogoutUrl, sorted. They are kept so that encoding
// writes them back, but no script of theirs is ever run; Validate reports
// them.
func (s Scripts) UnknownKeys() []string {
	m := decodeUnknown(s.unknown)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// UnmarshalJSON decodes a scripts object, keeping unknown keys (see
// UnknownKeys).
func (s *Scripts) UnmarshalJSON(data []byte) error {
	if err := checkSyntax(data); err != nil {
		return err
	}
	return s.decode("options.scripts", data)
}

// MarshalJSON writes the scripts object, including any unknown keys it was
// decoded with.
func (s Scripts) MarshalJSON() ([]byte, error) {
	return marshalPair("options.scripts", scriptKeys, s.state, [2]string{s.FetchUserProfile, s.GetLogoutURL}, s.unknown)
}

// ---- UpstreamParam ----

var upstreamKeys = [2]string{"value", "alias"}

func decUpstream(path string, raw []byte, dst *map[string]UpstreamParam) error {
	m, err := decodeObject(path, raw)
	if err != nil {
		return err
	}
	out := make(map[string]UpstreamParam, len(m))
	for k, v := range m {
		var p UpstreamParam
		if err := p.decode(joinPath(path, k), v); err != nil {
			return err
		}
		out[k] = p
	}
	*dst = out
	return nil
}

func (p *UpstreamParam) decode(path string, raw []byte) error {
	out := UpstreamParam{}
	var err error
	out.state, out.unknown, err = decodePair(path, raw, upstreamKeys, [2]*string{&out.Value, &out.Alias})
	if err != nil {
		return err
	}
	*p = out
	return nil
}

// decodePair decodes the object at path whose two known members, keys, are
// strings (Scripts and UpstreamParam): it stores them in dst and returns
// whether each was null or present, with the other members kept as one
// compact JSON object (see encodeUnknown). Unknown members are not checked.
func decodePair(path string, raw []byte, keys [2]string, dst [2]*string) (pairState, string, error) {
	m, err := decodeObject(path, raw)
	if err != nil {
		return 0, "", err
	}
	state := pairDecoded
	for i, k := range keys {
		v, ok := m[k]
		switch {
		case !ok:
		case isNull(v):
			state.set(i, keyNull)
		default:
			state.set(i, keyPresent)
			if err := decString(path+"."+k, v, dst[i]); err != nil {
				return 0, "", err
			}
		}
	}
	unknown, err := encodeUnknown(m, func(k string) bool { return k == keys[0] || k == keys[1] })
	if err != nil {
		return 0, "", err
	}
	return state, unknown, nil
}

// marshalPair writes what decodePair read: each of the two string members
// as decoded (or when non-empty, for a value built in Go) and the unknown
// members.
func marshalPair(path string, keys [2]string, state pairState, vals [2]string, unknown string) ([]byte, error) {
	var w objectWriter
	d := state&pairDecoded != 0
	w.field(keys[0], state.get(0), d, vals[0] == "", false, vals[0], "")
	w.field(keys[1], state.get(1), d, vals[1] == "", false, vals[1], "")
	w.extras(path, decodeUnknown(unknown), func(k string) bool { return k == keys[0] || k == keys[1] })
	return w.bytes()
}

// has reports whether the decoded entry had key i (value 0, alias 1) with a
// non-null value, or, for an entry built in Go, whether the field is set.
func (p UpstreamParam) has(i int) bool {
	if p.state&pairDecoded != 0 {
		return p.state.get(i) == keyPresent
	}
	return [2]string{p.Value, p.Alias}[i] != ""
}

// UnmarshalJSON decodes one upstream_params entry, keeping unknown keys so
// that Validate can report them.
func (p *UpstreamParam) UnmarshalJSON(data []byte) error {
	if err := checkSyntax(data); err != nil {
		return err
	}
	return p.decode("upstream_params entry", data)
}

// MarshalJSON writes the entry as decoded ({"value":""} stays as it was).
func (p UpstreamParam) MarshalJSON() ([]byte, error) {
	return marshalPair("upstream_params entry", upstreamKeys, p.state, [2]string{p.Value, p.Alias}, p.unknown)
}

// encodeUnknown keeps the members of m that known rejects as one compact JSON
// object ("" when there are none), so the holding struct stays comparable.
func encodeUnknown(m map[string]json.RawMessage, known func(string) bool) (string, error) {
	extra := compactExtras(m, known)
	if len(extra) == 0 {
		return "", nil
	}
	b, err := marshalValue(extra)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func decodeUnknown(s string) map[string]json.RawMessage {
	if s == "" {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil
	}
	return m
}
