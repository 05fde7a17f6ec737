package jobs

import "context"

// Items is every article of a job with its outcome, in order: the tests
// read a job whole, where the console reads a page at a time (ItemPage).
func (e *Engine) Items(ctx context.Context, id int64) ([]Item, error) {
	return e.store.items(ctx, id, false)
}
