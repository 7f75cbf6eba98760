package wikitext

import "testing"

// typicalLine is a corpus-like event line: links, text and two sources.
const typicalLine = `A 7.3 magnitude earthquake strikes near Halabja, [[Iraq]], killing at least 145 people and injuring more than 850 with structural damage reported in both Iraq and [[Iran]]. [https://reuters.example/2017/11/12/b20a3c0bf7 (Reuters)] [https://aljazeera.example/2017/11/12/50b33dbd8c (Al Jazeera)]`

// BenchmarkParseLine renders one typical event line.
func BenchmarkParseLine(b *testing.B) {
	var p Parser
	b.SetBytes(int64(len(typicalLine)))
	b.ReportAllocs()
	for b.Loop() {
		p.ParseLine(typicalLine)
	}
}
