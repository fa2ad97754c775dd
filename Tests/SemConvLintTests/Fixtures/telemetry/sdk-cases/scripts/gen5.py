import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from sdklib import *
R = {"service.name": "s", "service.version": "1", "os.name": "iOS", "device.id": "dev-c"}
lpA, _ = providers(R); lpB, _ = providers(R)
LA = lpA.get_logger("app"); LB = lpB.get_logger("app")
LA.emit(timestamp=T0, event_name="session.start", attributes={"session.id": "A"})
LA.emit(timestamp=T0 + 5 * MIN, body="a1", attributes={"session.id": "A"})
LA.emit(timestamp=T0 + 30 * MIN, body="a-after-continued", attributes={"session.id": "A"})
LB.emit(timestamp=T0 + 20 * MIN, event_name="session.start", attributes={"session.id": "B", "session.previous_id": "A"})
LB.emit(timestamp=T0 + 21 * MIN, body="b1", attributes={"session.id": "B"})
LB.emit(timestamp=T0 + 40 * MIN, event_name="session.end", attributes={"session.id": "B"})
order = sys.argv[2]
if order == "AB": lpA.force_flush(); lpB.force_flush()
else: lpB.force_flush(); lpA.force_flush()
write_all(sys.argv[1])
