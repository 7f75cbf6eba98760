package render

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"sync"
)

// The site's icon, for browser tabs, bookmarks and the feeds' readers: a
// blue square with rounded corners holding three white lines, a log of
// days. Every HTML page links both files; the ICO is also where browsers
// and feed readers look when a page links none.
const (
	FaviconPath    = "/favicon.ico"
	FaviconSVGPath = "/favicon.svg"
)

// The icon's drawing, on a grid of 32 units: the square's colour and the
// radius of its corners, and the white lines, as rectangles in half units
// (the middle line starts at 14.5).
const (
	faviconBlue   = "#1a55b0"
	faviconRadius = 6
)

var faviconLines = [...]struct{ x0, y0, x1, y1 int }{
	{14, 16, 50, 22}, {14, 29, 50, 35}, {14, 42, 38, 48},
}

// faviconSVG is the icon as SVG, drawn from the same shapes as the ICO.
var faviconSVG = func() string {
	half := func(n int) string { return strconv.FormatFloat(float64(n)/2, 'f', -1, 64) }
	var path strings.Builder
	for _, l := range faviconLines {
		path.WriteString("M" + half(l.x0) + " " + half(l.y0) + "H" + half(l.x1) + "V" + half(l.y1) + "H" + half(l.x0) + "z")
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
		`<rect width="32" height="32" rx="` + strconv.Itoa(faviconRadius) + `" fill="` + faviconBlue + `"/>` +
		`<path fill="#fff" d="` + path.String() + `"/></svg>` + "\n"
}()

// FaviconSVG returns the icon as SVG, served at FaviconSVGPath.
func FaviconSVG() []byte { return []byte(faviconSVG) }

// FaviconICO returns the icon as a 32×32 ICO holding one PNG, served at
// FaviconPath.
func FaviconICO() []byte { return bytes.Clone(faviconICO()) }

var faviconICO = sync.OnceValue(func() []byte {
	var img bytes.Buffer
	if err := png.Encode(&img, drawFavicon()); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	// ICONDIR (reserved, type 1 = icon, one image), then its ICONDIRENTRY:
	// 32×32, no palette, one plane, 32 bits a pixel, the PNG's size and offset.
	var ico bytes.Buffer
	for _, v := range []any{
		[3]uint16{0, 1, 1},
		[4]uint8{32, 32, 0, 0}, [2]uint16{1, 32}, [2]uint32{uint32(img.Len()), 6 + 16},
	} {
		binary.Write(&ico, binary.LittleEndian, v) // a bytes.Buffer takes every write
	}
	ico.Write(img.Bytes())
	return ico.Bytes()
})

// drawFavicon draws the icon at 32×32 pixels, a pixel a unit: each pixel
// of the rounded square is as opaque as the share of its 4×4 samples that
// fall inside it, so that its corners are smooth.
func drawFavicon() *image.NRGBA {
	const size, samples = 32, 4
	blue := color.NRGBA{0x1a, 0x55, 0xb0, 0xff} // faviconBlue
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			inside := 0
			for sy := range samples {
				for sx := range samples {
					px := float64(x) + (float64(sx)+0.5)/samples
					py := float64(y) + (float64(sy)+0.5)/samples
					if inRoundedSquare(px, py, size, faviconRadius) {
						inside++
					}
				}
			}
			c := blue
			c.A = uint8(inside * 0xff / (samples * samples))
			if onFaviconLine(x, y) {
				c = color.NRGBA{0xff, 0xff, 0xff, 0xff}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// inRoundedSquare reports whether (x, y) lies in the square of side size
// whose corners are rounded with radius r.
func inRoundedSquare(x, y, size, r float64) bool {
	if x < 0 || y < 0 || x >= size || y >= size {
		return false
	}
	cx, cy := min(max(x, r), size-r), min(max(y, r), size-r)
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// onFaviconLine reports whether the pixel whose top left corner is (x, y)
// lies on one of the white lines.
func onFaviconLine(x, y int) bool {
	for _, l := range faviconLines {
		if 2*x >= l.x0 && 2*x < l.x1 && 2*y >= l.y0 && 2*y < l.y1 {
			return true
		}
	}
	return false
}

// writeIconLinks writes the head's links to the icon: the ICO for the
// browsers that take no SVG, the SVG for those that do.
func (r *Renderer) writeIconLinks(w htmlWriter) {
	w.WriteString("\n<link rel=\"icon\" href=\"")
	w.local(FaviconPath)
	w.WriteString("\" sizes=\"32x32\">\n<link rel=\"icon\" href=\"")
	w.local(FaviconSVGPath)
	w.WriteString("\" type=\"image/svg+xml\">")
}
