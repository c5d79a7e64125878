/// The deadline for calls whose test is not about deadlines: far beyond any stall of a shared,
/// loaded machine, so only the tests that mean to time out ever do.
let patientTimeout: Duration = .seconds(120)
