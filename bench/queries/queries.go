// Package queries reads the benchmark's list of search queries
// (bench/search-queries.txt): one query a line, blank lines and lines
// starting with # left out.
package queries

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Read returns the queries of the file name, in order.
func Read(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}
