// Package profile turns the value a fetchUserProfile script returned into
// Auth0's user shape: identifiers, typed root attributes, defaults, metadata and
// the root-attribute sync policies. It is pure Go: no HTTP, no JavaScript.
package profile
