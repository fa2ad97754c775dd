import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from sdklib import *
R = {"service.name": "s", "service.version": "1", "os.name": "iOS", "device.id": "dev-9"}
lp, _ = providers(R); L = lp.get_logger("app")
L.emit(timestamp=T0, event_name="session.start", attributes={"session.id": "A"})
L.emit(timestamp=T0 - 3 * MIN, body="b1", attributes={"session.id": "A"})
L.emit(timestamp=T0 - 2 * MIN, body="b2", attributes={"session.id": "A"})
L.emit(timestamp=T0 + 20 * MIN, event_name="session.end", attributes={"session.id": "A"})
L.emit(timestamp=T0 + 21 * MIN, event_name="session.end", attributes={"session.id": "A"})
L.emit(timestamp=T0 + 22 * MIN, event_name="session.start", attributes={"session.id": "A"})
lp.force_flush()
write_all(sys.argv[1])
