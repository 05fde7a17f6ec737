package inbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"

	"qcadmin/apiclient"
)

// Rows reads the inbox as it opens, with no filters, for the shared poller
// that tells everyone watching the inbox when it changed: one digest per
// conversation, by id. It reads as background work; fresh, it skips the
// read cache, and what it reads is kept there, so that pages asking for the
// same list next share the answer.
func Rows(ctx context.Context, api API, fresh bool) (map[string]string, error) {
	p, _ := parseInboxQuery(url.Values{}).params()
	ctx = apiclient.Background(ctx)
	if fresh {
		ctx = apiclient.Fresh(ctx)
	}
	page, err := api.ListConversations(ctx, p)
	if err != nil {
		return nil, err
	}
	rows := make(map[string]string, len(page.Items))
	for _, c := range page.Items {
		b, _ := json.Marshal(c)
		sum := sha256.Sum256(b)
		rows[c.ID] = hex.EncodeToString(sum[:8])
	}
	return rows, nil
}
