// Command browserbytes measures, in headless Chromium, the bytes a static
// site search loads for each query: Chronicle's (/search/?q=… on a built
// site, search.js) and pagefind's (its JavaScript API on the same site,
// searching and loading the data of the first results), from the
// bytes the file server sends for each query but the page itself (its
// script, style, WebAssembly, index and data files, a worker's fetches
// included), as served: uncompressed for Chronicle's JSON, pagefind's own
// gzipped files. Only 127.0.0.1 is used.
//
//	browserbytes -site DIR [-pagefind DIR] [-queries FILE] [-results N]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chronicle-archive/chronicle/bench/queries"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "browserbytes:", err)
		os.Exit(1)
	}
}

// counter counts the bytes of the answers to requests for anything but
// an HTML page.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) take() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = 0
	return n
}

type countingWriter struct {
	http.ResponseWriter
	c *counter
}

func (w countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.c.mu.Lock()
	w.c.n += n
	w.c.mu.Unlock()
	return n, err
}

func (c *counter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasSuffix(r.URL.Path, ".html") || strings.HasSuffix(r.URL.Path, "/") {
			h.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(countingWriter{w, c}, r)
	})
}

func run() error {
	siteDir := flag.String("site", "", "the built site `DIR` (required)")
	pfDir := flag.String("pagefind", "", "pagefind's output `DIR` for the same site (optional)")
	queryFile := flag.String("queries", "bench/search-queries.txt", "the `FILE` of queries")
	results := flag.Int("results", 5, "pagefind results whose data is loaded, as its UI shows")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the Chromium `BINARY`")
	flag.Parse()
	if *siteDir == "" {
		return errors.New("-site DIR is required")
	}
	qs, err := queries.Read(*queryFile)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(*siteDir)))
	if *pfDir != "" {
		mux.Handle("/pagefind/", http.StripPrefix("/pagefind/", http.FileServer(http.Dir(*pfDir))))
		mux.HandleFunc("/pf.html", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><title>pagefind</title><p>pagefind`)
		})
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	count := &counter{}
	srv := &http.Server{Handler: count.wrap(mux)}
	go srv.Serve(ln) //nolint:errcheck // closed at the end
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	alloc, cancel := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(*chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true))
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()

	var own, pf []int
	for _, q := range qs {
		// A fresh page and an empty cache for each query, as a first visit.
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			return err
		}
		count.take()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/index.html?q="+urlQuery(q)), chromedp.WaitReady("#search-status")); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`/^(Results|No events|This search)/.test(document.getElementById("search-status").textContent)`)); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		own = append(own, count.take())
		if *pfDir == "" {
			continue
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/pf.html"), chromedp.WaitReady("p")); err != nil {
			return err
		}
		js := fmt.Sprintf(`(async () => { const pf = await import("/pagefind/pagefind.js"); await pf.options({baseUrl: "/"});
			const r = await pf.search(%q); await Promise.all(r.results.slice(0, %d).map((x) => x.data())); return r.results.length; })()`,
			strings.Trim(q, `"`), *results)
		count.take()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
		if err != nil { // once more: a context lost to a late navigation event
			count.take()
			_, err = chromedp.Run(ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
		}
		if err != nil {
			return fmt.Errorf("pagefind %s: %w", q, err)
		}
		pf = append(pf, count.take())
	}
	report("chronicle's static search (search.js, 10 results)", own)
	if len(pf) > 0 {
		report(fmt.Sprintf("pagefind (JS API, %d results' data)", *results), pf)
	}
	return nil
}

func report(what string, bytes []int) {
	slices.Sort(bytes)
	fmt.Printf("%s: %d queries, bytes loaded p50 %.0f KB, p99 %.0f KB, max %.0f KB\n", what, len(bytes),
		float64(bytes[len(bytes)/2])/1e3, float64(bytes[int(0.99*float64(len(bytes)-1))])/1e3, float64(bytes[len(bytes)-1])/1e3)
}

func urlQuery(q string) string {
	r := strings.NewReplacer("%", "%25", " ", "+", `"`, "%22", "&", "%26", "#", "%23", "+", "%2B")
	return r.Replace(q)
}
