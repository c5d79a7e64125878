/// Discards everything.
struct SilentTracer: DecisionTracer {
    @inline(__always)
    mutating func record(_ stage: TraceStep.Stage, _ verdict: TraceStep.Verdict, _ message: @autoclosure () -> String) {}
}
