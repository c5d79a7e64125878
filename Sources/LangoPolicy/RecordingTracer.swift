/// Keeps every step.
struct RecordingTracer: DecisionTracer {
    private(set) var steps: [TraceStep] = []

    mutating func record(_ stage: TraceStep.Stage, _ verdict: TraceStep.Verdict, _ message: @autoclosure () -> String) {
        steps.append(TraceStep(stage: stage, verdict: verdict, message: message()))
    }
}
