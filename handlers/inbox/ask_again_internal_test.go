package inbox

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"qcadmin/apiclient"
)

// A chat that runs out of time says so and invites one more press; a refusal carries Quickchat's words.
func TestAskRefusedSaysWhatHappened(t *testing.T) {
	timeout := askRefused("Quickchat did not answer in time.", fmt.Errorf("quickchat: POST chat: %w", context.DeadlineExceeded))
	if !strings.Contains(timeout, "did not answer in time") || !strings.Contains(timeout, "Press Ask again") {
		t.Errorf("timeout: %q", timeout)
	}
	refused := &apiclient.APIError{Status: 400, Code: "INVALID", Message: "Field 'text' is too long."}
	if got := askRefused(refused.Message, refused); !strings.HasSuffix(got, "Field 'text' is too long.") {
		t.Errorf("refusal: %q", got)
	}
}
