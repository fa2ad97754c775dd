import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from sdklib import *
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.exporter.otlp.proto.common._internal.metrics_encoder import encode_metrics
res = Resource.create({"service.name": "shop-ios", "service.version": "2.3.1", "os.name": "iOS", "device.id": "dev-m"})
reader = InMemoryMetricReader()
mp = MeterProvider(resource=res, metric_readers=[reader])
m = mp.get_meter("com.shop.metrics", "1.0")
c = m.create_counter("app.screen.views", unit="{view}")
h = m.create_histogram("http.client.request.duration", unit="s")
for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 50):
    c.add(1, {"session.id": f"sess-{i}", "user.id": f"u{i}", "url.full": f"https://api.example/items/{i}?token=abc{i}"})
    h.record(0.2, {"http.request.method": "GET", "session.id": f"sess-{i}", "user.email": "jane@example.com"})
data = reader.get_metrics_data()
req = encode_metrics(data)
CAPTURED.append(("metrics", req))
write_all(sys.argv[1])
