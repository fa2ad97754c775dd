import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from sdklib import *
R = {"service.name": "s", "service.version": "1", "os.name": "iOS", "device.id": "dev-9"}
lp, _ = providers(R); L = lp.get_logger("app")
L.emit(timestamp=T0, event_name="session.start", attributes={"session.id": "A"})
L.emit(timestamp=T0 + 20 * MIN, event_name="session.end", attributes={"session.id": "A"})
lp.force_flush()
L.emit(timestamp=T0 + 30 * MIN, body="after1", attributes={"session.id": "A"})
L.emit(timestamp=T0 + 35 * MIN, body="after2", attributes={"session.id": "A"})
L.emit(timestamp=T0 + 36 * MIN, body="after3", attributes={"session.id": "A"})
lp.force_flush()
write_all(sys.argv[1])
