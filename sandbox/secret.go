package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

const secretFileName = "sandbox.secret"

// loadSecret returns configured when set; otherwise the secret stored at path, generating and storing one if there is none.
func loadSecret(configured, path string) (string, error) {
	if configured != "" {
		return configured, nil
	}
	b, err := os.ReadFile(path)
	if err == nil && strings.TrimSpace(string(b)) != "" {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read token secret: %w", err)
	}
	// Missing or empty: an empty key never signed a token, so replacing it invalidates nothing.
	key := make([]byte, 32)
	rand.Read(key)
	secret := hex.EncodeToString(key)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write token secret: %w", err)
	}
	// WriteFile sets the mode only when it creates the file; an existing empty file keeps its own.
	if err := os.Chmod(path, 0o600); err != nil {
		return "", fmt.Errorf("protect token secret: %w", err)
	}
	return secret, nil
}
