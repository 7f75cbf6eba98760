package store

import "strings"

// arena copies strings into blocks of arenaBlock bytes that they share. A
// whole-archive read that keeps a string or two of every event for long
// (the targets of the related lists, see targetsByID) makes a few hundred
// objects of them rather than millions: the collector, which follows every
// pointer of the live heap on each cycle, then finds nearly all of them in
// the same few blocks instead of each in its own (docs/performance-log.md).
// The zero arena is ready to use; a block stays alive while any string of
// it does.
type arena struct {
	b strings.Builder
}

// An arena's first block holds firstArenaBlock bytes, and each next one
// twice the one before up to arenaBlock, so that a read of a few events
// takes little; a longer string gets a block of its own size.
const (
	firstArenaBlock = 1 << 10
	arenaBlock      = 256 << 10
)

// copy returns a copy of b in the arena's current block.
func (a *arena) copy(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if a.b.Cap()-a.b.Len() < len(b) {
		size := min(arenaBlock, max(firstArenaBlock, 2*a.b.Cap()))
		a.b = strings.Builder{}
		a.b.Grow(max(size, len(b)))
	}
	at := a.b.Len()
	a.b.Write(b)
	// The bytes a Builder has written never change: the string of them
	// stays valid as the block fills, and after it is left for the next.
	return a.b.String()[at:]
}
