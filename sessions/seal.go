package sessions

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
)

// tokenSealer encrypts API tokens before they enter session data, so the
// session store (and anything that reads it) only ever holds ciphertext.
type tokenSealer struct {
	aead cipher.AEAD
}

func newTokenSealer(secretKey []byte) (*tokenSealer, error) {
	if len(secretKey) != 32 {
		return nil, fmt.Errorf("sessions: secret key has %d bytes, want 32", len(secretKey))
	}
	// A key of its own for this one purpose, so other uses of the console key never share it.
	key, err := hkdf.Key(sha256.New, secretKey, nil, "qcadmin session API token v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return &tokenSealer{aead: aead}, nil
}

// seal returns nonce||ciphertext. The scenario id is authenticated with it, so
// a token copied onto another agent's session entry no longer opens.
func (s *tokenSealer) seal(token, scenarioID string) []byte {
	return s.aead.Seal(nil, nil, []byte(token), tokenAAD(scenarioID))
}

func (s *tokenSealer) open(sealed []byte, scenarioID string) (string, error) {
	plain, err := s.aead.Open(nil, nil, sealed, tokenAAD(scenarioID))
	if err != nil {
		return "", err
	}
	return string(plain), nil
}

func tokenAAD(scenarioID string) []byte {
	return []byte("qcadmin session API token\x00" + scenarioID)
}
