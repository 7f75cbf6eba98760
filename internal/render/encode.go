package render

import (
	"bytes"
	"encoding/xml"
	"io"
)

// The four formats of event and index pages; the JSON and XML are written
// from the pages' field lists (fields.go).

// pageWriters are the ways one page is written, one per format.
type pageWriters struct {
	markdown func(*bytes.Buffer)
	// doc writes the JSON or XML document through its field list.
	doc  func(docWriter)
	html func(*bytes.Buffer) error
}

// writeFormat writes the page in format f; HTML is the default.
func writeFormat(buf *bytes.Buffer, f Format, w pageWriters) error {
	switch f {
	case Markdown:
		w.markdown(buf)
		return nil
	case JSON:
		return writeJSONDoc(buf, func(j *jsonWriter) { w.doc(docWriter{j: j}) })
	case XML:
		writeXMLDoc(buf, func(x *xmlWriter) { w.doc(docWriter{x: x}) })
		return nil
	}
	return w.html(buf)
}

// writeJSONDoc writes a page as indented JSON with a trailing newline.
func writeJSONDoc(buf *bytes.Buffer, write func(*jsonWriter)) error {
	w := &jsonWriter{b: buf, indent: true}
	write(w)
	buf.WriteByte('\n')
	return w.err
}

// writeXMLDoc writes a page as an indented XML document with a trailing newline.
func writeXMLDoc(buf *bytes.Buffer, write func(*xmlWriter)) {
	buf.WriteString(xml.Header)
	write(&xmlWriter{b: buf})
	buf.WriteByte('\n')
}

// writeXMLDocTo writes an XML document through a pooled buffer to w in one write.
func writeXMLDocTo(w io.Writer, write func(*xmlWriter)) error {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufferPool.Put(buf)
	writeXMLDoc(buf, write)
	_, err := w.Write(buf.Bytes())
	return err
}
