package model_test

import (
	"fmt"

	"offsim/model"
)

// Three bids for a contract: a Dutch provider, a cheaper Dutch facilitator
// and an offshore provider at a sixth of the price. On price alone the
// offshore bid wins. With 60% of the score on satisfaction, on a scale on
// which 0.70 earns nothing, the Dutch provider's record wins it back, just.
func ExampleAwardRule_ScoreBids() {
	bids := []float64{378_000, 367_000, 60_000} // EUR a month
	csat := []float64{0.80, 0.76, 0.74}         // as delivered or promised
	for _, rule := range []model.AwardRule{
		{},
		{QualityWeight: 0.6, QualityFloor: 0.7},
	} {
		scores, winner := rule.ScoreBids(bids, csat, 0)
		fmt.Printf("quality weight %.1f: scores %.3f, winner %d\n", rule.QualityWeight, scores, winner)
	}
	// Output:
	// quality weight 0.0: scores [0.159 0.163 1.000], winner 2
	// quality weight 0.6: scores [0.663 0.425 0.640], winner 0
}
