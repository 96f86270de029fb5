package model

// CallStats are the call-level counters and time integrals of one
// replication (total or one site), measured after the warm-up. Calls are
// attributed to the window by their arrival time, so
// Offered == Answered + Abandoned + WaitingAtEnd holds exactly.
type CallStats struct {
	// Offered calls that arrived after the warm-up, redials included.
	Offered int64
	// Redials among Offered: calls from callers who abandoned before.
	Redials int64
	// Answered calls among Offered.
	Answered int64
	// AnsweredInSL were answered within the service-level threshold.
	AnsweredInSL int64
	// Abandoned callers among Offered who hung up before an answer.
	Abandoned int64
	// WaitingAtEnd are among Offered and still queued when the horizon ends.
	WaitingAtEnd int64
	// AnsweredWaitSeconds is the total wait of answered calls, seconds.
	AnsweredWaitSeconds float64
	// AbandonedWaitSeconds is the total wait of abandoned calls, seconds.
	AbandonedWaitSeconds float64
	// QueueAreaCallSeconds is ∫ (callers waiting) dt over the window, in
	// call-seconds: divided by the window it is the mean queue length.
	QueueAreaCallSeconds float64
	// BusyAgentSeconds is ∫ (agents handling a call) dt over the window.
	BusyAgentSeconds float64
	// OnDutyAgentSeconds is ∫ (agents on duty) dt over the window, including
	// agents finishing a call after their shift ended.
	OnDutyAgentSeconds float64
	// WindowSeconds is the length of the measured window (horizon − warm-up).
	WindowSeconds float64
	// WaitHist is a histogram of the waits of answered calls.
	WaitHist WaitHistogram
}

// WaitHistBinSeconds and WaitHistBins fix the wait histogram: one-second
// bins up to ten minutes; longer waits land in the last bin.
const (
	WaitHistBinSeconds = 1.0
	WaitHistBins       = 600
)

// WaitHistogram counts waits in fixed one-second bins; the last bin holds
// every wait of WaitHistBins−1 seconds or more.
type WaitHistogram [WaitHistBins]int64

// Add counts one wait of w seconds.
func (h *WaitHistogram) Add(w float64) {
	i := int(w / WaitHistBinSeconds)
	if i >= WaitHistBins || i < 0 {
		i = WaitHistBins - 1
	}
	h[i]++
}

// Quantile returns the upper edge, in seconds, of the bin holding the p-th
// quantile of the counted waits (0 when nothing was counted).
func (h *WaitHistogram) Quantile(p float64) float64 {
	var n int64
	for _, c := range h {
		n += c
	}
	if n == 0 {
		return 0
	}
	need := int64(p*float64(n) + 0.5)
	var cum int64
	for i, c := range h {
		cum += c
		if cum >= need && cum > 0 {
			return float64(i+1) * WaitHistBinSeconds
		}
	}
	return WaitHistBins * WaitHistBinSeconds
}

// Merge adds the counts and integrals of o into s (for totals over sites).
func (s *CallStats) Merge(o *CallStats) {
	s.Offered += o.Offered
	s.Redials += o.Redials
	s.Answered += o.Answered
	s.AnsweredInSL += o.AnsweredInSL
	s.Abandoned += o.Abandoned
	s.WaitingAtEnd += o.WaitingAtEnd
	s.AnsweredWaitSeconds += o.AnsweredWaitSeconds
	s.AbandonedWaitSeconds += o.AbandonedWaitSeconds
	s.QueueAreaCallSeconds += o.QueueAreaCallSeconds
	s.BusyAgentSeconds += o.BusyAgentSeconds
	s.OnDutyAgentSeconds += o.OnDutyAgentSeconds
	s.WindowSeconds = max(s.WindowSeconds, o.WindowSeconds)
	for i := range s.WaitHist {
		s.WaitHist[i] += o.WaitHist[i]
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// ServiceLevel is calls answered within the threshold ÷ calls offered.
func (s *CallStats) ServiceLevel() float64 {
	return ratio(float64(s.AnsweredInSL), float64(s.Offered))
}

// AbandonRate is abandoned calls ÷ offered calls.
func (s *CallStats) AbandonRate() float64 {
	return ratio(float64(s.Abandoned), float64(s.Offered))
}

// ASASeconds is the average speed of answer: mean wait of answered calls.
func (s *CallStats) ASASeconds() float64 {
	return ratio(s.AnsweredWaitSeconds, float64(s.Answered))
}

// MeanWaitSeconds is the mean wait of calls that left the queue (answered
// or abandoned).
func (s *CallStats) MeanWaitSeconds() float64 {
	return ratio(s.AnsweredWaitSeconds+s.AbandonedWaitSeconds, float64(s.Answered+s.Abandoned))
}

// Occupancy is agent time busy with calls ÷ agent time on duty.
func (s *CallStats) Occupancy() float64 {
	return ratio(s.BusyAgentSeconds, s.OnDutyAgentSeconds)
}

// MeanQueueLength is the time-average number of callers waiting.
func (s *CallStats) MeanQueueLength() float64 {
	return ratio(s.QueueAreaCallSeconds, s.WindowSeconds)
}

// Metric is one named per-replication figure.
type Metric struct {
	Name  string
	Value float64
}

// Metrics returns the call-level metrics in their fixed output order.
func (s *CallStats) Metrics() []Metric {
	return []Metric{
		{"calls_offered", float64(s.Offered)},
		{"calls_answered", float64(s.Answered)},
		{"calls_abandoned", float64(s.Abandoned)},
		{"calls_redialled", float64(s.Redials)},
		{"calls_waiting_at_end", float64(s.WaitingAtEnd)},
		{"service_level", s.ServiceLevel()},
		{"abandon_rate", s.AbandonRate()},
		{"asa_seconds", s.ASASeconds()},
		{"mean_wait_seconds", s.MeanWaitSeconds()},
		{"wait_p90_seconds", s.WaitHist.Quantile(0.9)},
		{"mean_queue_length", s.MeanQueueLength()},
		{"occupancy", s.Occupancy()},
	}
}

// Replication is everything one replication of a scenario produced.
type Replication struct {
	// Index is the replication number r; its random streams derive from
	// (Seed, r).
	Index int
	// Total over all sites.
	Total CallStats
	// Sites holds one CallStats per scenario site, in scenario order.
	Sites []CallStats
	// Events is the number of events the engine processed (all of them,
	// warm-up included): a measure of work, not an output statistic.
	Events int64
}
