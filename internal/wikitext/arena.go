package wikitext

import (
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Block sizes of an arena: a few dozen lines' worth each.
const (
	textBlock    = 8 << 10
	mentionBlock = 256
	sourceBlock  = 128
)

// arena hands out the strings and slices of the lines a Parser renders, cut
// from larger blocks, so that a line costs no allocation of its own. Each
// slice is capped at its length: appending to it copies it rather than
// writing over the next line's. The strings share a strings.Builder's buffer,
// which only ever grows at its end, so a string handed out never changes.
// The first blocks are only as large as the first line needs, so that a
// Parser used for one line does not pay for more.
type arena struct {
	text     *strings.Builder
	mentions []event.Mention
	sources  []event.Source
}

// join returns a and b joined, as one string.
func (a *arena) join(x, y []byte) string {
	n := len(x) + len(y)
	if a.text == nil {
		a.text = new(strings.Builder)
		a.text.Grow(n)
	} else if a.text.Cap()-a.text.Len() < n {
		a.text = new(strings.Builder)
		a.text.Grow(max(textBlock, n))
	}
	start := a.text.Len()
	a.text.Write(x)
	a.text.Write(y)
	return a.text.String()[start:]
}

// take returns a slice of n elements cut from the block *free, first
// replacing the block when it has less than n left.
func take[T any](free *[]T, n, block int) []T {
	switch {
	case *free == nil:
		*free = make([]T, n)
	case len(*free) < n:
		*free = make([]T, max(block, n))
	}
	s := (*free)[:n:n]
	*free = (*free)[n:]
	return s
}
