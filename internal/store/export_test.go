package store

// PackTargets packs a related list whose items point at the given event
// ids, for the tests of package store_test that corrupt a list.
func PackTargets(ids ...int64) []byte {
	items := make([]packedItem, len(ids))
	for i, id := range ids {
		items[i] = packedItem{target: id, context: []string{"corrupted"}, score: 1}
	}
	return packItems(items)
}
