package inbox

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
)

// Test chats are the playground's conversations: their client metadata
// carries apiclient.TestChatKey. The list does not give client metadata, so hiding
// them reads the details of the rows that may be one: those of the channel
// the chat API starts conversations in. Details are cached, and the reads
// are bounded, so the toggle stays within the READ budget.
const (
	testChatChannel = "api"
	testChatReads   = 25 // detail reads per page at most
	testChatAtOnce  = 4
	testChatWait    = 3 * time.Second
)

// hideTestChats drops the page's test chats from m.Rows when the filter
// asks for it, and says how many it hid and whether it could check them all.
func (h *Handlers) hideTestChats(c echo.Context, m *views.Inbox, iq inboxQuery) {
	if !iq.HideTests {
		return
	}
	var candidates []string
	for _, r := range m.Rows {
		if r.Source == testChatChannel && len(candidates) < testChatReads {
			candidates = append(candidates, r.ID)
		}
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), testChatWait)
	defer cancel()
	api := h.API(c)
	var (
		mu        sync.Mutex
		wg        sync.WaitGroup
		sem       = make(chan struct{}, testChatAtOnce)
		tests     = map[string]bool{}
		unchecked = 0
	)
	for _, id := range candidates {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			d, err := api.GetConversation(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				unchecked++
				return
			}
			tests[id] = apiclient.IsTestChat(d.ClientMetadata)
		}()
	}
	wg.Wait()
	for _, r := range m.Rows {
		if r.Source == testChatChannel && !slices.Contains(candidates, r.ID) {
			unchecked++
		}
	}
	kept := m.Rows[:0]
	for _, r := range m.Rows {
		if tests[r.ID] && !r.Selected {
			m.HiddenTests++
			continue
		}
		kept = append(kept, r)
	}
	m.Rows = kept
	m.UncheckedTests = unchecked
	m.ShowTestsHref = iq.showTests()
}

// showTests is this page of the list with test chats shown.
func (iq inboxQuery) showTests() string {
	iq.HideTests = false
	return iq.href(iq.Offset)
}
