// Package search is Chronicle's full-text search: it reads the query
// language a reader types (words, "quoted phrases", prefix*, OR, -exclusion)
// into a safe SQLite FTS5 expression, and runs it with filters and
// pagination on the store's search index (docs/search.md). The server, the
// API and `chronicle search` all go through Run.
package search

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Limits of a query, so that one request cannot make the index work
// without end.
const (
	MaxQueryBytes = 500
	MaxTerms      = 24
	// minPrefix is the fewest characters before a prefix's "*": a shorter
	// prefix matches a large part of the vocabulary.
	minPrefix = 2
)

// Error is a query or request that cannot be run, with a message meant for
// the reader who typed it (the server answers it with 400).
type Error struct {
	// Msg says what is wrong.
	Msg string
	// Pos is the character (rune) offset in the query where it went
	// wrong; -1 when the whole query or another parameter is at fault.
	Pos int
	// Filter is the filter that named no topic, story or category of the
	// archive, "" when the error is another; Similar are then up to three
	// titles of its kind that hold the words it gave.
	Filter  event.Kind
	Similar []string
}

func (e *Error) Error() string {
	if e.Pos < 0 {
		return "search: " + e.Msg
	}
	return fmt.Sprintf("search: %s (at character %d)", e.Msg, e.Pos+1)
}

// DidYouMean is the end of a message that offers the titles the reader
// may have meant (an Error's Similar): `; did you mean "A" or "B"?`, ""
// when there are none.
func DidYouMean(titles []string) string {
	if len(titles) == 0 {
		return ""
	}
	quoted := make([]string, len(titles))
	for i, t := range titles {
		quoted[i] = strconv.Quote(t)
	}
	return "; did you mean " + strings.Join(quoted, " or ") + "?"
}

func errorf(pos int, format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...), Pos: pos}
}

// term is one word or phrase of a query.
type term struct {
	text   string // the word or the phrase's text
	prefix bool
}

// fts writes t as an FTS5 string: the tokenizer splits it into words
// (al-Assad is the phrase "al assad"), and a doubled quote is a quote.
func (t term) fts() string {
	s := `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
	if t.prefix {
		s += " *"
	}
	return s
}

// clause is a term, or alternatives joined by OR, or an excluded term.
type clause struct {
	alts    []term
	exclude bool
}

// Parse reads a query and returns its FTS5 MATCH expression. Words and
// phrases are all required (implicit AND); OR between two terms accepts
// either; a leading "-" (or NOT) excludes a term; a trailing "*" makes a
// word a prefix. Case and accents do not matter (the index folds both).
// A malformed query gives an *Error.
func Parse(q string) (string, error) {
	clauses, err := parseClauses(q)
	if err != nil {
		return "", err
	}
	var include, exclude []string
	for _, c := range clauses {
		parts := make([]string, len(c.alts))
		for i, t := range c.alts {
			parts[i] = t.fts()
		}
		s := strings.Join(parts, " OR ")
		if len(parts) > 1 {
			s = "(" + s + ")"
		}
		if c.exclude {
			exclude = append(exclude, s)
		} else {
			include = append(include, s)
		}
	}
	if len(include) == 0 {
		return "", errorf(-1, "the query only excludes words: add a word to search for")
	}
	match := strings.Join(include, " AND ")
	if len(exclude) > 0 {
		match = "(" + match + ")"
		for _, s := range exclude {
			match += " NOT " + s
		}
	}
	return match, nil
}

// parseClauses reads q into clauses.
func parseClauses(q string) ([]clause, error) {
	if !utf8.ValidString(q) {
		return nil, errorf(-1, "the query is not valid UTF-8 text")
	}
	if len(q) > MaxQueryBytes {
		return nil, errorf(-1, "the query is too long: at most %d bytes", MaxQueryBytes)
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	var out []clause
	terms := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case tokAnd:
			continue
		case tokOr:
			if len(out) == 0 || out[len(out)-1].exclude || i+1 == len(toks) || toks[i+1].kind != tokTerm {
				return nil, errorf(t.pos, "OR needs a word or phrase on each side, as in: sudan OR chad")
			}
			i++
			out[len(out)-1].alts = append(out[len(out)-1].alts, toks[i].term)
		case tokNot:
			if i+1 == len(toks) || toks[i+1].kind != tokTerm {
				return nil, errorf(t.pos, "%s must be followed by a word or phrase to exclude, as in: -sport", t.text)
			}
			i++
			out = append(out, clause{alts: []term{toks[i].term}, exclude: true})
		case tokTerm:
			out = append(out, clause{alts: []term{t.term}})
		}
		if terms++; terms > MaxTerms {
			return nil, errorf(t.pos, "too many words: at most %d", MaxTerms)
		}
	}
	if len(out) == 0 {
		return nil, errorf(-1, "the query is empty: type a word to search for")
	}
	return out, nil
}

type tokKind int

const (
	tokTerm tokKind = iota
	tokOr
	tokAnd
	tokNot
)

type token struct {
	kind tokKind
	pos  int    // rune offset
	text string // as typed, for messages
	term term
}

// lex splits q into terms and operators. Runes are counted for positions.
func lex(q string) ([]token, error) {
	rs := []rune(q)
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isSpace(r):
			i++
		case r == '"':
			end, t, err := lexPhrase(rs, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokTerm, pos: i, text: string(rs[i:end]), term: t})
			i = end
		case r == '-':
			if i+1 == len(rs) || isSpace(rs[i+1]) {
				return nil, errorf(i, `"-" must be followed by a word or phrase to exclude, as in: -sport`)
			}
			toks = append(toks, token{kind: tokNot, pos: i, text: `"-"`})
			i++
		default:
			end := i
			for end < len(rs) && !isSpace(rs[end]) && rs[end] != '"' {
				end++
			}
			tok, keep, err := lexWord(rs[i:end], i)
			if err != nil {
				return nil, err
			}
			if keep {
				toks = append(toks, tok)
			}
			i = end
		}
	}
	return toks, nil
}

// lexPhrase reads the quoted phrase that starts at rs[start], and an
// immediately following "*".
func lexPhrase(rs []rune, start int) (int, term, error) {
	end := start + 1
	for end < len(rs) && rs[end] != '"' {
		end++
	}
	if end == len(rs) {
		return 0, term{}, errorf(start, "the quotation mark that opens a phrase is never closed")
	}
	text := cleanText(rs[start+1 : end])
	end++ // the closing quote
	t := term{text: text}
	if end < len(rs) && rs[end] == '*' {
		t.prefix = true
		end++
	}
	if !hasWord(text) {
		return 0, term{}, errorf(start, "the phrase %s holds no word", string(rs[start:end]))
	}
	if t.prefix {
		if err := checkPrefix(text, start); err != nil {
			return 0, term{}, err
		}
	}
	if end < len(rs) && !isSpace(rs[end]) && rs[end] != '"' {
		return 0, term{}, errorf(end, "a phrase must be followed by a space")
	}
	return end, t, nil
}

// lexWord reads one space-delimited word: an operator, a term, or
// punctuation alone, which is dropped (keep false) as the index ignores it.
func lexWord(w []rune, pos int) (token, bool, error) {
	s := string(w)
	switch s {
	case "OR":
		return token{kind: tokOr, pos: pos, text: s}, true, nil
	case "AND":
		return token{kind: tokAnd, pos: pos, text: s}, true, nil
	case "NOT":
		return token{kind: tokNot, pos: pos, text: s}, true, nil
	}
	t := term{text: s}
	if star := strings.IndexRune(s, '*'); star >= 0 {
		if star != len(s)-1 {
			return token{}, false, errorf(pos+utf8.RuneCountInString(s[:star]), `"*" may only end a word, to search for words that start with it, as in: korea*`)
		}
		t = term{text: s[:star], prefix: true}
	}
	t.text = cleanText([]rune(t.text))
	if !hasWord(t.text) {
		if t.prefix {
			return token{}, false, errorf(pos, `"*" must end a word, as in: korea*`)
		}
		return token{}, false, nil
	}
	if t.prefix {
		if err := checkPrefix(t.text, pos); err != nil {
			return token{}, false, err
		}
	}
	return token{kind: tokTerm, pos: pos, text: s, term: t}, true, nil
}

// checkPrefix refuses a prefix whose last word is too short to search for.
func checkPrefix(text string, pos int) error {
	rs := []rune(strings.TrimRightFunc(text, func(r rune) bool { return !isWordRune(r) }))
	n := 0
	for n < len(rs) && isWordRune(rs[len(rs)-1-n]) {
		n++
	}
	if n < minPrefix {
		return errorf(pos, "a prefix needs at least %d letters before \"*\"", minPrefix)
	}
	return nil
}

// cleanText replaces control characters with spaces.
func cleanText(rs []rune) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, string(rs))
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// isWordRune tells the runes the index reads as part of a word (the
// unicode61 tokenizer's letters and digits).
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

func hasWord(s string) bool { return strings.IndexFunc(s, isWordRune) >= 0 }
