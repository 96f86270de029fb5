// Package tomlschema is the engine of offsim's scenario format: it reads
// the generic tree BurntSushi/toml returns along tables of declared keys
// (Schema, Key) into the Go values of package model, and writes those
// values back in the same form. One declaration of a key (its name, unit,
// default, range, limits, meaning and source) decodes it, checks it, fills
// its default, encodes it and documents it; package scenarios holds the
// declarations, this package what walks them:
//
//   - the files: an extends chain merged into one tree, every path of it
//     located in the file and on the line that gives it (File, Locator,
//     Resolve), and the problems found (Error, ErrorList);
//   - decoding (Decoder): every key of a table in the order declared, its
//     presence, type, range and limits, defaults, the keys a table does
//     not declare (unknown, with a suggestion), every problem at once;
//   - the forms of model's values that several keys share: numbers that
//     may be parameter distributions (model.ParamDist, bound to the
//     fields a drawn value sets), durations (model.Dist), dates, weekly
//     tables and dated paths (model.Path);
//   - encoding (Encoder): the values toml.Encoder writes, in the order of
//     the declarations.
//
// A Decoder is generic in X, the decoder of the format that embeds it:
// the declarations' hooks receive that one, with what the format keeps
// across tables, and reach the engine through its embedded Decoder.
package tomlschema

// Limits of the forms this package reads: beyond them a value is an error
// with a line rather than a failure, or an endless loop, at run time.
const (
	MaxArray        = 10_000    // elements of an array
	MaxNameBytes    = 100       // a name is part of file names
	MaxNesting      = 32        // arrays and inline tables in one another
	MaxHorizonHours = 20 * 8760 // 20 years: how far an indexation must stay finite
	MaxRate         = 1e5       // calls per hour
	MaxLocal        = 1e7       // local currency per hour, or per EUR
	MaxRateOfChange = 10        // an indexation or raise, a year or a step: +1000%
	MaxFactor       = 100       // a multiplier or penalty
	MaxDistMeanDays = 366       // a duration's mean
	MaxDurationCV   = 10        // a duration's lognormal cv
	MinBetaShape    = 0.1       // a beta distribution's shapes: the sampler stays finite
	MaxBetaShape    = 1e4
	MaxLognormalCV  = 100    // a parameter's lognormal sd ÷ mean
	MaxPathValues   = 10_000 // a dated path, or a list of days
)
