package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runErlang(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cmdErlang(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCmdErlangW1(t *testing.T) {
	t.Parallel()
	code, out, errs := runErlang("-calls-per-hour", "1000", "-aht", "360", "-patience", "180", "-agents", "105", "-sl-seconds", "20")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	// Reference (erlang_a.py): P(W>0) 0.2717396, P(Ab) 0.0251881, ASA 4.2885 s,
	// SL over all arrivals 0.8918763, of answered 0.9149214.
	for _, want := range []string{
		"Erlang A", "100.000", "Erlangs", "105",
		"P(wait > 0)", "0.271740",
		"P(abandon)", "0.025188",
		"ASA", "4.289", " s, mean wait of answered calls",
		"0.891876", "answered within 20 s ÷ offered",
		"0.914921", "occupancy", "0.928392", "mean queue length", "1.259",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if errs != "" {
		t.Errorf("unexpected stderr %q", errs)
	}
}

func TestCmdErlangC(t *testing.T) {
	t.Parallel()
	code, out, _ := runErlang("-calls-per-hour", "480", "-aht", "60", "-agents", "10")
	if code != 0 || !strings.Contains(out, "Erlang C") || !strings.Contains(out, "0.409180") ||
		!strings.Contains(out, "12.275") || !strings.Contains(out, "0.789920") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	// Unstable: reported, not an error.
	code, out, _ = runErlang("-calls-per-hour", "1000", "-aht", "360", "-agents", "100")
	if code != 0 || !strings.Contains(out, "unstable") || !strings.Contains(out, "inf") {
		t.Errorf("unstable: exit %d, output:\n%s", code, out)
	}
}

func TestCmdErlangStaffing(t *testing.T) {
	t.Parallel()
	code, out, errs := runErlang("-calls-per-hour", "1000", "-aht", "360", "-patience", "180", "-target", "0.8")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	// 100 agents give 0.79355, 101 give 0.81636 (erlang_a.py).
	if !strings.Contains(out, "101") || !strings.Contains(out, "0.816361") || !strings.Contains(out, "100 agents: 0.7936") {
		t.Errorf("output:\n%s", out)
	}
	code, _, errs = runErlang("-calls-per-hour", "1000", "-aht", "360", "-patience", "180", "-target", "0.8", "-max-agents", "50")
	if code != 1 || !strings.Contains(errs, "unreachable") {
		t.Errorf("unreachable target: exit %d, stderr %q", code, errs)
	}
}

func TestCmdErlangJSON(t *testing.T) {
	t.Parallel()
	code, out, errs := runErlang("-json", "-calls-per-hour", "1000", "-aht", "360", "-patience", "180", "-agents", "105", "-target", "0.8")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if got["model"] != "erlang_a" || got["agents"] != 105.0 || got["meets_target"] != true || got["stable"] != true {
		t.Errorf("JSON %v", got)
	}
	for key, want := range map[string]float64{
		"p_wait": 0.2717396338478068, "p_abandon": 0.02518805846625534,
		"asa_seconds": 4.288536834543804, "service_level": 0.8918763120509132,
	} {
		v, ok := got[key].(float64)
		if !ok || v < want*(1-1e-9) || v > want*(1+1e-9) {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	// Infinite measures of an unstable Erlang C queue are null, not an error.
	code, out, _ = runErlang("-json", "-calls-per-hour", "1000", "-aht", "360", "-agents", "90")
	if code != 0 || !strings.Contains(out, `"asa_seconds": null`) || !strings.Contains(out, `"stable": false`) {
		t.Errorf("unstable JSON: exit %d\n%s", code, out)
	}
}

func TestCmdErlangUsageErrors(t *testing.T) {
	t.Parallel()
	base := []string{"-calls-per-hour", "1000", "-aht", "360"}
	for _, c := range []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"-bogus"}, "flag provided but not defined"},
		{append(base, "-agents", "many"), "invalid value"},
		{append(base, "-agents", "105", "extra"), "unexpected argument"},
		{[]string{"-aht", "360", "-agents", "105"}, "-calls-per-hour is required"},
		{[]string{"-calls-per-hour", "1000", "-agents", "105"}, "-aht"},
		{[]string{"-calls-per-hour", "-1000", "-aht", "360", "-agents", "105"}, "-calls-per-hour must be a positive"},
		{[]string{"-calls-per-hour", "NaN", "-aht", "360", "-agents", "105"}, "-calls-per-hour must be a positive"},
		{[]string{"-calls-per-hour", "1000", "-aht", "-360", "-agents", "105"}, "-aht must be a positive"},
		{[]string{"-calls-per-hour", "1000", "-aht", "0", "-agents", "105"}, "-aht must be a positive"},
		{append(base, "-patience", "-180", "-agents", "105"), "-patience must be >= 0"},
		{append(base, "-agents", "-5"), "-agents must be in [0, 1000000]"},
		{append(base, "-agents", "105", "-sl-seconds", "-20"), "-sl-seconds must be >= 0"},
		{append(base, "-target", "1.5"), "-target must be"},
		{append(base, "-target", "0"), "-target must be"},
		{base, "give -agents N, or -target P"},
	} {
		code, out, errs := runErlang(c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and %q", c.args, code, errs, out, c.want)
		}
	}
	if code, _, errs := runErlang("-h"); code != 0 || !strings.Contains(errs, "Usage: offsim erlang") {
		t.Errorf("-h: exit %d, stderr %q", code, errs)
	}
}
