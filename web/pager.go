package web

import (
	"qcadmin/views/components"
	"slices"
)

// Pager says which rows a page shows out of count and links the pages around
// it; href makes the link for an offset, target is the region htmx replaces.
func Pager(offset, shown, count, limit int, href func(offset int) string, target string) components.Pager {
	p := components.Pager{Count: count, Target: target}
	if shown > 0 {
		p.From, p.To = offset+1, offset+shown
	}
	if offset > 0 {
		p.PrevHref = href(max(0, offset-limit))
	}
	if offset+shown < count && shown > 0 {
		p.NextHref = href(offset + limit)
	}
	return p
}

// PageSizes are the rows per page a list offers; DefaultPageSize is the first shown.
var PageSizes = []int{10, 25, 50, 100}

// DefaultPageSize is how many rows a list shows unless the person picks another size.
const DefaultPageSize = 25

// IsPageSize reports one of PageSizes.
func IsPageSize(n int) bool { return slices.Contains(PageSizes, n) }
