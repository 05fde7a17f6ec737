package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// keyFile is the name of the console's generated key inside the data dir.
const keyFile = "console.key"

// EnsureSecretKey gives the console a secret key when QCADMIN_SECRET_KEY is
// not set: it reads DataDir/console.key, or creates it (mode 0600, in a data
// dir of mode 0700) with 32 random bytes, so sessions survive a restart
// without anyone having to invent a key.
func (c *Config) EnsureSecretKey() error {
	if len(c.SecretKey) > 0 {
		return nil
	}
	path := filepath.Join(c.DataDir, keyFile)
	key, err := readKeyFile(path)
	if err == nil {
		c.SecretKey, c.keySource = key, "loaded from "+path
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}

	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir for %s: %w", keyFile, err)
	}
	key = make([]byte, 32)
	rand.Read(key) // never fails: crypto/rand panics rather than return weak bytes
	created, err := createExclusive(path, []byte(hex.EncodeToString(key)+"\n"))
	if err != nil {
		return err
	}
	if !created {
		// Another qcadmin process on the same data dir won the race; use its key.
		key, err = readKeyFile(path)
		if err != nil {
			return err
		}
		c.SecretKey, c.keySource = key, "loaded from "+path
		return nil
	}
	c.SecretKey, c.keySource = key, "generated into "+path
	return nil
}

func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := decodeKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w (delete it to generate a new one; signed-in users will have to sign in again)", path, err)
	}
	return key, nil
}

// createExclusive writes data to path only if path does not exist, and never
// leaves a half-written file there: it writes a temporary file and links it
// into place. It reports false when path already existed.
func createExclusive(path string, data []byte) (bool, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp already uses 0600; Chmod makes the mode independent of that detail.
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return false, err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}
