package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var searchCommand = &command{
	name:    "search",
	summary: "find events by words, best first",
	usage:   `chronicle search [--db FILE] [--from DATE] [--to DATE] [--topic T] [--story S] [--category C] [--order O] [--limit N] [--cursor C] [--json] "QUERY"`,
	help: `Search the events' headlines, summaries, topics, stories and source names,
and print the best matches first: date, headline, path and the matching
passage. Case and accents do not matter, and words match their other
forms (strike, strikes, striking).

The query language: words are all required; "quoted words" form a phrase;
word* matches words that start with it; OR between two words or phrases
accepts either; -word (or NOT word) excludes events with it.

--from and --to (YYYY-MM-DD, both included) limit the days; --topic,
--story and --category (a title or a slug) keep the events of one. --order
newest (or oldest) prints them by date instead, the newest (oldest) day
first. --limit sets how many results to print (at most 100); when more
follow, the last line gives the --cursor of the next page. --json prints one JSON object a
result, matched words between the characters U+0002 and U+0003.

Examples:
  chronicle search "red cross korea"
  chronicle search --from 2013-01-01 --topic "North Korea" "missile OR rocket -test"
  chronicle search --order newest kherson`,
	setup: setupSearch,
}

func setupSearch(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	from := fs.String("from", "", "the first `DATE` to search, YYYY-MM-DD")
	to := fs.String("to", "", "the last `DATE` to search, YYYY-MM-DD")
	var titles titleFlags
	titles.register(fs)
	order := fs.String("order", "relevance", "print the results in `ORDER`: relevance, newest or oldest")
	limit := fs.Int("limit", search.DefaultLimit, "print at most `N` results")
	cursor := fs.String("cursor", "", "continue after a page: the `CURSOR` its last line gives")
	asJSON := fs.Bool("json", false, "print one JSON object a result")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) == 0 {
			return usagef("no query: give the words to search for, as in: chronicle search \"red cross korea\"")
		}
		if *limit < 1 {
			return usagef("--limit must be at least 1, not %d", *limit)
		}
		req := search.Request{Query: strings.Join(args, " "), Topic: titles.topic, Story: titles.story, Category: titles.category,
			Limit: *limit, Cursor: *cursor}
		var err error
		if req.Order, err = search.ParseOrder(*order); err != nil {
			return usagef("--order %q: want relevance, newest or oldest", *order)
		}
		if req.From, err = flagDate("--from", *from); err != nil {
			return err
		}
		if req.To, err = flagDate("--to", *to); err != nil {
			return err
		}
		st, err := openStore(*db)
		if err != nil {
			return err
		}
		res, err := runSearch(ctx, st, req, stderr)
		err = errors.Join(err, st.Close())
		var bad *search.Error
		if errors.As(err, &bad) {
			return usagef("%s%s", strings.TrimPrefix(bad.Error(), "search: "), search.DidYouMean(bad.Similar))
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return printSearchJSON(stdout, res)
		}
		return printSearch(stdout, res, isTerminal(stdout))
	}
}

// runSearch runs req, indexing the store first when its search index lags
// its events (a database of an earlier Chronicle).
func runSearch(ctx context.Context, st *store.Store, req search.Request, stderr io.Writer) (search.Results, error) {
	lags, err := st.SearchIndexLags(ctx)
	if err != nil {
		return search.Results{}, err
	}
	if lags {
		fmt.Fprintln(stderr, "indexing the events for search…")
		if _, err := derive.UpdateSearch(ctx, st, false); err != nil {
			return search.Results{}, err
		}
	}
	return search.Run(ctx, st, req)
}

// printSearch writes each result as its date and headline, its path and its
// matching passage, the matched words in bold on a terminal.
func printSearch(w io.Writer, res search.Results, bold bool) error {
	out := bufio.NewWriter(w)
	if len(res.Results) == 0 {
		fmt.Fprintln(out, "no events found")
	}
	for _, r := range res.Results {
		fmt.Fprintf(out, "%s  %s\n  %s\n", r.Date, marked(r.Highlight, bold), r.Path)
		// A passage of the headline itself is not printed twice.
		if !strings.Contains(r.Headline, strings.Trim(marked(r.Snippet, false), "…")) {
			fmt.Fprintf(out, "  %s\n", marked(r.Snippet, bold))
		}
	}
	if len(res.Results) > 0 {
		fmt.Fprintf(out, "%d of %d events\n", len(res.Results), res.Total)
	}
	if res.Next != "" {
		fmt.Fprintf(out, "more: --cursor %s\n", res.Next)
	}
	return out.Flush()
}

// marked removes the match markers of a highlighted text, or turns them
// into bold on a terminal.
func marked(s string, bold bool) string {
	var b strings.Builder
	for _, f := range search.Fragments(s) {
		if f.Match && bold {
			b.WriteString("\x1b[1m" + f.Text + "\x1b[0m")
		} else {
			b.WriteString(f.Text)
		}
	}
	return b.String()
}

func printSearchJSON(w io.Writer, res search.Results) error {
	out := bufio.NewWriter(w)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, r := range res.Results {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return out.Flush()
}
