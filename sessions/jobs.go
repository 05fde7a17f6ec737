package sessions

// SealForJob encrypts the token a background job acts with, bound to the
// agent's scenario id, so the job queue's tables hold only ciphertext.
func (m *Manager) SealForJob(token, scenarioID string) []byte {
	return m.sealer.seal(token, jobAAD(scenarioID))
}

// OpenForJob decrypts a token SealForJob sealed for the same agent.
func (m *Manager) OpenForJob(sealed []byte, scenarioID string) (string, error) {
	return m.sealer.open(sealed, jobAAD(scenarioID))
}

func jobAAD(scenarioID string) string { return "job\x00" + scenarioID }
