package connection

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
)

// MergeOptions applies patch, a partial options object, to the connection's
// options with JSON Merge Patch semantics (RFC 7396) and returns the complete
// result: keys the patch does not mention are kept (unknown keys and scripts
// included), a null value deletes a key, and nested objects (scripts,
// authParams, customHeaders...) merge key by key; any other value, arrays
// included, replaces the old one.
//
// Auth0's PATCH /api/v2/connections/{id} replaces the whole options object,
// so sending only the changed keys silently deletes the others; send the
// result of MergeOptions (or use PatchBody) instead.
//
// The connection itself is not modified. The result is decoded like
// Decode's options (a *DecodeError for wrong types) but not validated.
func (c *Connection) MergeOptions(patch []byte) (Options, error) {
	if err := checkSyntax(patch); err != nil {
		return Options{}, err
	}
	if jsonKind(patch) != "an object" {
		return Options{}, &DecodeError{Path: "options", Reason: "patch must be a JSON object"}
	}
	current, err := c.Options.MarshalJSON()
	if err != nil {
		return Options{}, err
	}
	merged, err := mergePatch(current, patch)
	if err != nil {
		return Options{}, err
	}
	var out Options
	if err := out.UnmarshalJSON(merged); err != nil {
		return Options{}, err
	}
	return out, nil
}

// PatchBody returns the JSON body of a Management API
// PATCH /api/v2/connections/{id} request that applies the options patch
// (see MergeOptions) without losing anything: the complete merged options
// object and, when the connection has one, its display_name (a PATCH that
// omits display_name resets it to the name). It does not validate the merged
// connection; call Validate on a copy with the merged options first if
// needed.
func (c *Connection) PatchBody(optionsPatch []byte) ([]byte, error) {
	opts, err := c.MergeOptions(optionsPatch)
	if err != nil {
		return nil, err
	}
	var w objectWriter
	if c.DisplayName != "" {
		w.field("display_name", keyPresent, true, false, false, c.DisplayName, "")
	}
	w.field("options", keyPresent, true, false, true, opts, "")
	return w.bytes()
}

// mergePatch implements RFC 7396 on raw JSON, so numbers and strings the
// package does not know are carried over byte for byte.
func mergePatch(target, patch []byte) ([]byte, error) {
	if jsonKind(patch) != "an object" {
		var b bytes.Buffer
		if err := json.Compact(&b, patch); err != nil {
			return nil, errors.New("connection: merge: invalid JSON in patch")
		}
		return b.Bytes(), nil
	}
	var p map[string]json.RawMessage
	if err := json.Unmarshal(patch, &p); err != nil {
		return nil, errors.New("connection: merge: invalid JSON in patch")
	}
	t := map[string]json.RawMessage{}
	if jsonKind(target) == "an object" {
		if err := json.Unmarshal(target, &t); err != nil {
			return nil, errors.New("connection: merge: invalid JSON in target")
		}
	}
	for k, v := range p {
		if isNull(v) {
			delete(t, k)
			continue
		}
		m, err := mergePatch(t[k], v)
		if err != nil {
			return nil, err
		}
		t[k] = m
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var w objectWriter
	for _, k := range keys {
		w.raw(k, t[k])
	}
	return w.bytes()
}
