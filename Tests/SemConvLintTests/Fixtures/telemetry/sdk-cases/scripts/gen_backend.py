import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from sdklib import *
from opentelemetry import trace as trace_api
trace_api_kind = trace_api.SpanKind.SERVER
lp, tp = providers({"service.name": "checkout-api", "service.version": "9.1", "deployment.environment.name": "prod"})
tr = tp.get_tracer("opentelemetry.instrumentation.flask", "0.50b0")
for i in range(3):
    with tr.start_as_current_span("POST /checkout", kind=trace_api_kind) as sp:
        try:
            raise ValueError("card declined")
        except ValueError as e:
            sp.record_exception(e)
        sp.add_event("cache.miss")
tp.force_flush()
write_all(sys.argv[1])
