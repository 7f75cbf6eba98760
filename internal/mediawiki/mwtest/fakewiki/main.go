// Command fakewiki serves a MediaWiki dump through the fake Action API of
// package mwtest, so that `chronicle sync` can be tried end to end with no
// network:
//
//	go run ./internal/mediawiki/mwtest/fakewiki --dump ../shared/corpus/portal-current-events-2002-2026.xml.bz2
//	chronicle sync --api http://127.0.0.1:8765/w/api.php --from 2013-06-01 --to 2013-06-30
//
// It listens on a loopback address only and runs until interrupted.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"

	"github.com/chronicle-archive/chronicle/internal/mediawiki/mwtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8765", "the loopback `host:port` to listen on")
	dump := flag.String("dump", "", "the MediaWiki dump `FILE` (plain, .bz2 or .gz) whose pages to serve")
	flag.Parse()
	if err := run(*addr, *dump); err != nil {
		fmt.Fprintln(os.Stderr, "fakewiki:", err)
		os.Exit(1)
	}
}

func run(addr, dump string) error {
	if dump == "" {
		return fmt.Errorf("give --dump FILE")
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("--addr %q: only a loopback address is served", addr)
	}
	s, err := mwtest.NewAt(addr)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.LoadDumpFile(dump)
	if err != nil {
		return err
	}
	fmt.Printf("serving %d pages of %s at %s (Ctrl-C stops)\n", n, dump, s.Endpoint())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	return nil
}
