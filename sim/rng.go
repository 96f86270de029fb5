package sim

import "math/rand/v2"

// Stream identifies what a random stream is used for. Each purpose has its
// own stream so that two scenarios with the same demand see the same
// arrivals and patience draws (common random numbers), however differently
// they staff or route.
type Stream uint64

// The random streams of one replication.
const (
	StreamArrivals   Stream = iota + 1 // inter-arrival times and contact types
	StreamPatience                     // callers' patience
	StreamService                      // handle times
	StreamRouting                      // share routing
	StreamRedial                       // redial decisions and delays
	StreamCustomer                     // resolution, escalation, repeat contacts
	StreamDemand                       // daily volume multipliers and incidents
	StreamWorkforce                    // hiring, skill, quits, exchange rates
	StreamParameters                   // uncertain scenario parameters, drawn once per replication
	StreamTender                       // bidders' cost-estimate errors, rehiring at a handover
)

// splitmix64 is the SplitMix64 finaliser: a bijective mix that turns nearby
// integers (seed, replication index) into unrelated 64-bit states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// NewStream returns the random stream for purpose p of replication rep of a
// scenario seeded with seed. It depends on nothing else, so results are the
// same for any number of workers or shards.
func NewStream(seed uint64, rep int, p Stream) *rand.Rand {
	hi := splitmix64(seed ^ splitmix64(uint64(rep)+0x632be59bd9b4e019))
	lo := splitmix64(hi ^ splitmix64(uint64(p)))
	return rand.New(rand.NewPCG(hi, lo))
}
