package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"

	"offsim/model"
)

// EncodeSummary renders summary.json: indented, map keys sorted, so equal
// results give byte-identical files. A summary that is not finite (no
// replication had the figure) is left out of its map, never written as
// NaN: the Collector never makes one, and a caller's must not lose the
// whole batch's summary.
func EncodeSummary(b model.BatchSummary) ([]byte, error) {
	b.Scenarios = append([]model.ScenarioSummary(nil), b.Scenarios...)
	for i := range b.Scenarios {
		s := &b.Scenarios[i]
		s.Metrics = finiteOnly(s.Metrics)
		s.VsBaseline = finiteOnly(s.VsBaseline)
		sites := make(map[string]model.SiteSummary, len(s.Sites))
		for name, site := range s.Sites {
			sites[name] = model.SiteSummary{Metrics: finiteOnly(site.Metrics)}
		}
		s.Sites = sites
	}
	return encodeJSON(SummaryJSON, b)
}

// finiteOnly returns m without its summaries that are not finite.
func finiteOnly(m map[string]model.Summary) map[string]model.Summary {
	if m == nil {
		return nil
	}
	out := maps.Clone(m)
	maps.DeleteFunc(out, func(_ string, s model.Summary) bool { return !Finite(s) })
	return out
}

// Finite reports whether every figure of s is a finite number.
func Finite(s model.Summary) bool {
	for _, v := range []float64{s.Mean, s.SD, s.CI95Low, s.CI95High, s.P05, s.P50, s.P95} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return s.N > 0
}

// DecodeSummary decodes summary.json, reporting the line of a syntax or
// type error. Unknown fields are ignored: newer files may carry more.
// Every scenario must have a name of its own.
func DecodeSummary(data []byte) (model.BatchSummary, error) {
	var b model.BatchSummary
	dec, err := decodeJSON(data, &b)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return b, fmt.Errorf("line %d: unexpected end of file", lineAt(data, int64(len(data))))
	case err != nil:
		return b, err
	}
	if dec.More() {
		return b, fmt.Errorf("line %d: unexpected data after the summary", lineAt(data, dec.InputOffset()))
	}
	seen := map[string]bool{}
	for i, sc := range b.Scenarios {
		switch {
		case sc.Name == "":
			return b, fmt.Errorf("scenario %d has no name", i+1)
		case seen[sc.Name]:
			return b, fmt.Errorf("scenario %q appears twice", sc.Name)
		case sc.Replications < 0 || sc.Replications > MaxReplications:
			return b, fmt.Errorf("scenario %q: %d replications, outside [0, %d]", sc.Name, sc.Replications, MaxReplications)
		}
		seen[sc.Name] = true
	}
	return b, nil
}

// encodeJSON renders v as the JSON file name: indented, newline-ended.
func encodeJSON(name string, v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return append(data, '\n'), nil
}

// decodeJSON decodes the first value of data into v, naming the line of
// a syntax or type error and saying so of an empty file; dec reads on.
func decodeJSON(data []byte, v any) (dec *json.Decoder, err error) {
	dec = json.NewDecoder(bytes.NewReader(data))
	err = dec.Decode(v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return dec, nil
	case errors.As(err, &syn):
		return dec, fmt.Errorf("line %d: %w", lineAt(data, syn.Offset), err)
	case errors.As(err, &typ):
		return dec, fmt.Errorf("line %d: %w", lineAt(data, typ.Offset), err)
	case errors.Is(err, io.EOF):
		return dec, errors.New("empty file")
	}
	return dec, err
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
