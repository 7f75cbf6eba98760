// Package mediawiki reads pages from MediaWiki sources: the XML export and dump
// format (pages-articles schema), and the Action API (Client) for live sync.
// Both give the same Page, so that the import pipeline does not care where a
// page came from.
package mediawiki

import (
	"crypto/sha1"
	"encoding/hex"
	"time"
)

// Page is one revision of one wiki page: the newest one a source offers.
type Page struct {
	// Title is the full page title with its namespace prefix, "Portal:Current events/2013 June 6".
	Title string
	// Namespace is the page's namespace number (100 is Portal on the English Wikipedia).
	Namespace int
	// ID is the page id; 0 when the source does not give one.
	ID int64
	// RevisionID identifies the revision; 0 when the source does not give one.
	RevisionID int64
	// Timestamp is when the revision was saved, in UTC.
	Timestamp time.Time
	// SHA1 is the hex SHA-1 of Text, taken from the source or computed from Text.
	SHA1 string
	// Text is the revision's wikitext.
	Text string
	// Comment is the editor's summary of the revision; empty when not given.
	Comment string
}

// TextSHA1 returns the hex SHA-1 of a page text, the form Page.SHA1 takes.
func TextSHA1(text string) string {
	sum := sha1.Sum([]byte(text))
	return hex.EncodeToString(sum[:])
}
