package main

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/socialconn/socialconn/profile"
)

// store is the example's in-memory user database and session store. A real
// service keeps users in its database and sessions wherever it already does;
// what matters is what it stores: the merged, persistable user, and the ID
// token of each session for the logout hint.
//
// Both tables are bounded: when one is full, expired sessions are dropped
// first, then the session closest to expiry (or the user who logged in
// longest ago). Nothing survives a restart.
type store struct {
	ttl         time.Duration
	maxSessions int
	maxUsers    int
	now         func() time.Time

	mu       sync.Mutex
	sessions map[string]session    // by session id
	users    map[string]storedUser // by user_id
}

type session struct {
	userID  string
	idToken string // for id_token_hint at logout; never shown or logged
	expires time.Time
}

type storedUser struct {
	user      *profile.User // immutable once stored: replaced, never modified
	lastLogin time.Time
}

func newStore(ttl time.Duration, maxSessions, maxUsers int) *store {
	return &store{
		ttl: ttl, maxSessions: maxSessions, maxUsers: maxUsers, now: time.Now,
		sessions: map[string]session{}, users: map[string]storedUser{},
	}
}

// saveLogin merges the login's user into the stored one under the
// connection's policy and stores what the policy says may be kept. It returns
// profile.ErrUserCreationDisabled for a first login under never_on_login.
func (s *store) saveLogin(incoming *profile.User, p profile.Policy) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, known := s.users[incoming.UserID]
	// Merge keeps what the service owns (metadata, linked identities, a
	// refresh token the provider did not send again) and, under
	// on_first_login, the stored name and picture.
	merged, err := profile.Merge(prev.user, incoming, p)
	if err != nil {
		return err
	}
	if !known && len(s.users) >= s.maxUsers {
		var oldest string
		for id, u := range s.users {
			if oldest == "" || u.lastLogin.Before(s.users[oldest].lastLogin) {
				oldest = id
			}
		}
		delete(s.users, oldest)
	}
	// Persistable drops options.non_persistent_attrs: usable during this
	// login, never stored.
	s.users[incoming.UserID] = storedUser{user: merged.Persistable(p), lastLogin: s.now()}
	return nil
}

// newSession starts a session for userID and returns its id, 256 random
// bits: the id is the only credential, so it must not be guessable.
func (s *store) newSession(userID, idToken string) (id string, expires time.Time) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	id = base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	expires = now.Add(s.ttl)

	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sessions) >= s.maxSessions {
		for k, v := range s.sessions {
			if !now.Before(v.expires) {
				delete(s.sessions, k)
			}
		}
	}
	for len(s.sessions) >= s.maxSessions {
		var victim string
		for k, v := range s.sessions {
			if victim == "" || v.expires.Before(s.sessions[victim].expires) {
				victim = k
			}
		}
		delete(s.sessions, victim)
	}
	s.sessions[id] = session{userID: userID, idToken: idToken, expires: expires}
	return id, expires
}

// user returns the stored user of an unexpired session. The result is
// shared: do not modify it (Clone first).
func (s *store) user(id string) (*profile.User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return nil, false
	}
	if !s.now().Before(sess.expires) {
		delete(s.sessions, id)
		return nil, false
	}
	u, ok := s.users[sess.userID]
	if !ok { // evicted from the user table: the session is worthless
		delete(s.sessions, id)
		return nil, false
	}
	return u.user, true
}

// end deletes a session and returns its ID token ("" when there was none).
func (s *store) end(id string) (idToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	delete(s.sessions, id)
	if !ok || !s.now().Before(sess.expires) {
		return ""
	}
	return sess.idToken
}
