import sys, threading, os, gzip
from http.server import HTTPServer, BaseHTTPRequestHandler
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
BODIES = []
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0)); body = self.rfile.read(n)
        BODIES.append((self.path, self.headers.get('Content-Encoding'), self.headers.get('Content-Type'), body))
        self.send_response(200); self.send_header('Content-Type', 'application/x-protobuf'); self.end_headers()
    def log_message(self, *a): pass
srv = HTTPServer(('127.0.0.1', 0), H); port = srv.server_address[1]
threading.Thread(target=srv.serve_forever, daemon=True).start()
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.exporter.otlp.proto.http import Compression
comp = Compression.Gzip if 'gzip' in sys.argv else Compression.NoCompression
from sdklib import T0, MIN, SEC
res = Resource.create({"service.name": "web-shop", "service.version": "5.0", "os.name": "Linux", "device.id": "browser-1"})
lp = LoggerProvider(resource=res)
lp.add_log_record_processor(BatchLogRecordProcessor(OTLPLogExporter(endpoint=f"http://127.0.0.1:{port}/v1/logs", compression=comp)))
tp = TracerProvider(resource=res)
tp.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"http://127.0.0.1:{port}/v1/traces", compression=comp)))
L = lp.get_logger("web.session"); T = tp.get_tracer("web.fetch")
with T.start_as_current_span("page-load", start_time=T0, attributes={"session.id": "W1"}) as sp:
    L.emit(timestamp=T0, event_name="session.start", attributes={"session.id": "W1", "user.email": "jane.doe@example.com"})
    L.emit(timestamp=T0 + MIN, event_name="session.end", attributes={"session.id": "W1", "session.crash_count": "2"})
    lp.force_flush()
tp.force_flush(); lp.shutdown(); tp.shutdown()
import struct
out = sys.argv[1]
for i, (p, enc, ct, b) in enumerate(BODIES):
    open(f"{out}.body{i}.{p.strip('/').replace('/','_')}.{enc or 'raw'}", "wb").write(b)
    print(p, enc, ct, len(b))
