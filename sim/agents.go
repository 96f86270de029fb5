package sim

// Agent states.
const (
	agentGone       uint8 = iota // slot free: the agent left
	agentTraining                // paid, not answering
	agentNesting                 // answering, slower, resolving less
	agentProductive              // answering at full tenure-based skill
)

// ring is a growable FIFO of agent indices.
type ring struct {
	buf  []int32
	head int
	n    int
}

func (r *ring) len() int { return r.n }

func (r *ring) reset() { r.head, r.n = 0, 0 }

func (r *ring) push(a int32) {
	if r.n == len(r.buf) {
		nb := make([]int32, max(16, 2*len(r.buf)))
		for i := range r.n {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	i := r.head + r.n
	if i >= len(r.buf) {
		i -= len(r.buf)
	}
	r.buf[i] = a
	r.n++
}

// pop removes and returns the oldest entry; the ring must not be empty.
func (r *ring) pop() int32 {
	a := r.buf[r.head]
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
	return a
}

// remove deletes agent a if present, keeping the order of the others; it
// reports whether a was there. O(n): used by daily workforce events only.
func (r *ring) remove(a int32) bool {
	for i := range r.n {
		if r.buf[(r.head+i)%len(r.buf)] != a {
			continue
		}
		for j := i; j < r.n-1; j++ {
			r.buf[(r.head+j)%len(r.buf)] = r.buf[(r.head+j+1)%len(r.buf)]
		}
		r.n--
		return true
	}
	return false
}

// agents holds a site's agents as parallel slices indexed by agent number.
// Slots of leavers are reused by later hires.
type agents struct {
	state   []uint8
	hireDay []float64 // day training started (negative for agents hired before the start)
	skill0  []float64 // skill at hire
	htf     []float64 // handle-time factor, refreshed daily
	resf    []float64 // resolution factor, refreshed daily
	eng     []float64 // engagement in [0,1], refreshed daily; −1 until the first day
	wage    []float64 // hourly wage, local currency, refreshed daily
	atMin   []bool    // paid the minimum
	onCall  []bool
	// callStart is when the current call's handling began, seconds.
	callStart []float64
	quit      []bool  // leaves when its current call ends
	journey   []int32 // journey of the current call
	spare     []int32 // free slots
}

// reset empties every slice, keeping its storage for the next replication.
func (ag *agents) reset() {
	truncate(&ag.state)
	truncate(&ag.hireDay, &ag.skill0, &ag.htf, &ag.resf, &ag.eng, &ag.wage, &ag.callStart)
	truncate(&ag.atMin, &ag.onCall, &ag.quit)
	truncate(&ag.journey, &ag.spare)
}

// add creates an agent and returns its index.
func (ag *agents) add(state uint8, hireDay, skill0 float64) int32 {
	var a int32
	if n := len(ag.spare); n > 0 {
		a = ag.spare[n-1]
		ag.spare = ag.spare[:n-1]
	} else {
		// A new slot: zero values, set below as a reused one is.
		a = int32(len(ag.state))
		extend(&ag.state)
		extend(&ag.hireDay, &ag.skill0, &ag.htf, &ag.resf, &ag.eng, &ag.wage, &ag.callStart)
		extend(&ag.atMin, &ag.onCall, &ag.quit)
		extend(&ag.journey)
	}
	ag.state[a], ag.hireDay[a], ag.skill0[a] = state, hireDay, skill0
	ag.htf[a], ag.resf[a], ag.eng[a], ag.wage[a], ag.atMin[a] = 1, 1, -1, 0, false
	ag.onCall[a], ag.quit[a], ag.journey[a] = false, false, -1
	return a
}

// truncate empties each slice, keeping its storage.
func truncate[T any](ss ...*[]T) {
	for _, s := range ss {
		*s = (*s)[:0]
	}
}

// extend appends a zero value to each slice.
func extend[T any](ss ...*[]T) {
	for _, s := range ss {
		*s = append(*s, *new(T))
	}
}

func (ag *agents) release(a int32) {
	ag.state[a] = agentGone
	ag.spare = append(ag.spare, a)
}
