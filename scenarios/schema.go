package scenarios

// ---- uncertain parameters ----
