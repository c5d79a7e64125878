import Hummingbird
import LangoJSON
import Prometheus

/// The admin listener (loopback by default): `/metrics` for Prometheus and `/health`; the
/// admin API (``AdminAPI``) joins it there, away from the public listener.
enum AdminServer {
    static func router(metrics: GatewayMetrics) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
        router.get("/health") { _, _ in
            jsonResponse(["status": "ok"])
        }
        return router
    }
}
