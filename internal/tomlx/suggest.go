package tomlx

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Suggest returns the hint of an unknown key k for a message: " (did you
// mean X?)" with the known key closest to it (a typo, or a key without its
// unit), or else " (allowed: ...)" listing them all.
func Suggest(k string, known []string) string {
	var allowed []string
	for _, c := range known {
		if !slices.Contains(allowed, c) {
			allowed = append(allowed, c)
		}
	}
	best, bestDist := "", 3
	for _, c := range allowed {
		if dist := EditDistance(k, c); dist < bestDist && dist*2 < len(c) {
			best, bestDist = c, dist
		}
	}
	for _, c := range allowed {
		if best == "" && len(k) >= 3 && strings.HasPrefix(c, k) {
			best = c
		}
	}
	switch {
	case best != "":
		return fmt.Sprintf(" (did you mean %s?)", best)
	case len(allowed) == 0:
		return ""
	}
	return fmt.Sprintf(" (allowed: %s)", strings.Join(allowed, ", "))
}

// EditDistance returns the Levenshtein distance of a and b.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Describe names the type (and, for scalars, the value) of a value the
// TOML parser decoded, for "must be X, got Y" messages.
func Describe(v any) string {
	switch v := v.(type) {
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return "string " + strconv.Quote(v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return "float " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	}
	return "date-time"
}
