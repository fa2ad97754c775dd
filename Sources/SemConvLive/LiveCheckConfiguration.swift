import SemConvLint
import SemConvModel

/// Everything `semconv live-check` needs besides the lint options: where to listen, the limits that keep it safe
/// to leave running, when to stop, and how to render the report.
public struct LiveCheckConfiguration: Sendable {
    /// Listen addresses; a listener that is absent is off.
    public var listeners: [LiveListener: ListenAddress]
    /// Largest request body, after decompression (OTLP recommends 64 MiB). Bigger requests get 413
    /// (gRPC: RESOURCE_EXHAUSTED).
    public var maxBodySize: Int
    /// Bytes of request bodies held at once, received or waiting to be checked, across all listeners. A request
    /// that would go over is answered 503 with Retry-After (gRPC: RESOURCE_EXHAUSTED with RetryInfo).
    public var maxBufferedBytes: Int
    /// Requests accepted but not yet checked. When the queue is full, requests get 429 with Retry-After (gRPC:
    /// RESOURCE_EXHAUSTED with RetryInfo): backpressure is a response, never an unbounded queue.
    public var maxPending: Int
    /// Open connections per HTTP listener; more are closed at once.
    public var maxConnections: Int
    /// Seconds a request may take from its first byte to its last (slow clients get 408 and are disconnected).
    public var requestTimeout: Double
    /// Seconds a new connection may take to send its first request head, and any request from its first byte to
    /// the end of its head (slow or silent clients are disconnected; at the connection limit they are evicted).
    public var headerTimeout: Double
    /// Seconds an idle keep-alive connection stays open.
    public var idleConnectionTimeout: Double
    /// The `Retry-After` value (seconds) sent with 429 and 503.
    public var retryAfter: Int
    /// Stop after this many seconds (nil: no limit).
    public var duration: Double?
    /// Stop after this many seconds without a telemetry request (nil or 0: never).
    public var idleTimeout: Double?
    /// Render the current report this often (nil: only at the end).
    public var reportEvery: Double?
    /// The report format, for `POST /stop` and the final report.
    public var reporter: ReporterKind
    /// What the reports share beyond their findings and summary: base path, rule metadata, masking detector.
    public var reportContext: ReportContext
    /// Browser origins allowed to send Faro payloads (CORS); `*` allows any. Empty: no CORS headers (Alloy's
    /// `cors_allowed_origins` default).
    public var faroAllowedOrigins: [String]
    /// Browser origins allowed to send OTLP/HTTP (CORS, the Collector's `cors.allowed_origins`); `*` allows any.
    public var otlpHTTPAllowedOrigins: [String] = []
    /// When set, `POST /stop` must carry `Authorization: Bearer <stopToken>`. Without it, `POST /stop` is taken
    /// only when the OTLP/HTTP listener is bound to a loopback address.
    public var stopToken: String?
    /// When set, Faro requests must carry it in `x-api-key` (Alloy's `api_key`).
    public var faroAPIKey: String?

    public init(listeners: [LiveListener: ListenAddress] = [
                    .otlpHTTP: ListenAddress(host: "127.0.0.1", port: 4318),
                    .otlpGRPC: ListenAddress(host: "127.0.0.1", port: 4317),
                ],
                maxBodySize: Int = 64 << 20, maxBufferedBytes: Int = 512 << 20, maxPending: Int = 64,
                maxConnections: Int = 256, requestTimeout: Double = 30, headerTimeout: Double = 10,
                idleConnectionTimeout: Double = 120,
                retryAfter: Int = 1, duration: Double? = nil, idleTimeout: Double? = nil, reportEvery: Double? = nil,
                reporter: ReporterKind = .text, reportContext: ReportContext = ReportContext(files: 0),
                faroAllowedOrigins: [String] = [], faroAPIKey: String? = nil) {
        self.listeners = listeners
        self.maxBodySize = maxBodySize
        self.maxBufferedBytes = maxBufferedBytes
        self.maxPending = maxPending
        self.maxConnections = maxConnections
        self.requestTimeout = requestTimeout
        self.headerTimeout = headerTimeout
        self.idleConnectionTimeout = idleConnectionTimeout
        self.retryAfter = retryAfter
        self.duration = duration
        self.idleTimeout = idleTimeout
        self.reportEvery = reportEvery
        self.reporter = reporter
        self.reportContext = reportContext
        self.faroAllowedOrigins = faroAllowedOrigins
        self.faroAPIKey = faroAPIKey
    }

    /// Alloy's `faro.receiver` default port.
    public static let faroDefaultPort = 12347
}
