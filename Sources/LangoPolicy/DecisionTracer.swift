/// Receives the steps of an evaluation. The evaluation is written once, generic over this
/// protocol: ``SilentTracer`` on the request path (its calls compile away, and messages, being
/// autoclosures, are never built), ``RecordingTracer`` for explanations.
protocol DecisionTracer {
    mutating func record(_ stage: TraceStep.Stage, _ verdict: TraceStep.Verdict, _ message: @autoclosure () -> String)
}
