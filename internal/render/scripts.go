package render

import (
	"bytes"
	_ "embed"
)

// The static site's two scripts, each on the one page that needs it: no
// other page holds a script.

// MendScriptPath is the script of the static site's 404 page, which opens
// what a mangled link most likely meant (docs/serve.md, "Paths").
const MendScriptPath = "/mend.js"

var (
	//go:embed search.js
	searchScript []byte
	//go:embed mend.js
	mendScript []byte
)

// SearchScript returns the static site's search script, served at
// SearchScriptPath.
func SearchScript() []byte { return bytes.Clone(searchScript) }

// MendScript returns the static site's 404 page's script, served at
// MendScriptPath.
func MendScript() []byte { return bytes.Clone(mendScript) }
