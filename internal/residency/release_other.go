//go:build !linux

package residency

import "errors"

// Release does nothing outside Linux, which alone pages out on request.
func Release() (before, after Usage, err error) {
	u := Current()
	return u, u, errors.New("residency: paging out is only asked of Linux")
}
