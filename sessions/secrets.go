package sessions

import "context"

// PutSecret keeps a secret other than the API token (such as a legacy chat
// api_key) in the session, sealed like the token so the store never holds it
// in the clear. The name is bound into the seal, so a value cannot be moved
// to another name.
func (m *Manager) PutSecret(ctx context.Context, name, secret string) {
	m.Put(ctx, secretKey(name), m.sealer.seal(secret, "secret:"+name))
}

// Secret returns a secret kept with PutSecret; false when none is kept or it
// no longer opens (the console's key changed).
func (m *Manager) Secret(ctx context.Context, name string) (string, bool) {
	sealed, ok := m.Get(ctx, secretKey(name)).([]byte)
	if !ok {
		return "", false
	}
	secret, err := m.sealer.open(sealed, "secret:"+name)
	if err != nil {
		return "", false
	}
	return secret, true
}

// RemoveSecret forgets a secret kept with PutSecret.
func (m *Manager) RemoveSecret(ctx context.Context, name string) {
	m.Remove(ctx, secretKey(name))
}

func secretKey(name string) string { return "secret." + name }
