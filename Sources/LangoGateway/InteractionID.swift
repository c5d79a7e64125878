import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The `x-fapi-interaction-id` correlation id.
enum InteractionID {
    static let header = HTTPField.Name("x-fapi-interaction-id")!

    /// A client's id is echoed if it is 1 to 128 visible ASCII characters; FAPI asks for a
    /// UUID, but the bank's own services send their trace ids here too.
    static func isAcceptable(_ value: String) -> Bool {
        (1...128).contains(value.utf8.count) && value.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    static func generate() -> String {
        UUID().uuidString.lowercased()
    }
}

/// The outermost middleware: gives every request an interaction id and puts it on every
/// response, rejects unusable ids, and turns any error that escapes the layers below into a
/// response (problem+json), so nothing reaches the client without the id or as an empty 500.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let presented = request.headers[InteractionID.header]
        context.interactionID = presented.flatMap { InteractionID.isAcceptable($0) ? $0 : nil } ?? InteractionID.generate()
        var response: Response
        if presented != nil, presented != context.interactionID {
            response = ErrorResponses.obie(
                status: 400, interactionID: context.interactionID, code: "UK.OBIE.Header.Invalid",
                message: "x-fapi-interaction-id must be 1 to 128 visible ASCII characters (a UUID is recommended)",
                path: "x-fapi-interaction-id")
        } else {
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                response = ErrorResponses.problem(status: Int(error.status.code), detail: "\(error)", interactionID: context.interactionID)
            } catch {
                logger.error("unhandled error", metadata: ["error": "\(error)", "interaction_id": "\(context.interactionID)"])
                response = ErrorResponses.problem(status: 500, detail: "internal error", interactionID: context.interactionID)
            }
        }
        response.headers[InteractionID.header] = context.interactionID
        return response
    }
}
