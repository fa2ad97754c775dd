"""Mimic opentelemetry-android SessionManager + SessionIdEventSender with the real Python SDK:
session.end of the expired session and session.start of the next one are emitted together, at the moment
the next telemetry after expiry asks for the session id (SessionManager.getSessionId)."""
import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from sdklib import *
H = 60 * MIN
lp, tp = providers({"service.name": "shop-android", "service.version": "3.0", "os.name": "Android", "device.id": "dev-and"})
L = lp.get_logger("io.opentelemetry.sessions", "0.11.0")
tr = tp.get_tracer("io.opentelemetry.android")
class SessionManager:
    def __init__(self, bg_timeout=15 * MIN, max_life=4 * H):
        self.sid = None; self.start = None; self.last = None; self.n = 0
        self.bg_timeout, self.max_life = bg_timeout, max_life
    def get(self, now, backgrounded=False):
        expired = self.sid is None or now - self.start >= self.max_life or (self.bg and now - self.last > self.bg_timeout)
        if expired:
            prev = self.sid
            self.n += 1; self.sid = f"and-sess-{self.n}"; self.start = now
            if prev: L.emit(timestamp=now, event_name="session.end", attributes={"session.id": prev})
            L.emit(timestamp=now, event_name="session.start", attributes={"session.id": self.sid, **({"session.previous_id": prev} if prev else {})})
        self.last = now
        return self.sid
    bg = False
sm = SessionManager()
def activity(t):
    sid = sm.get(t)
    s = tr.start_span("screen", start_time=t, attributes={"session.id": sid}); s.end(end_time=t + SEC)
# day 1: 10:00-10:10 in foreground, then backgrounded; user comes back at 13:00
t = T0
for i in range(11): activity(t + i * MIN)
sm.bg = True
activity(T0 + 6 * H)                       # 13:00 -> session 1 ends now, session 2 starts
sm.bg = False
# session 2: continuous use every 5 minutes for 4h10m (max lifetime 4h expires at the next lookup)
for i in range(1, 40): activity(T0 + 6 * H + i * 7 * MIN)
lp.force_flush(); tp.force_flush()
write_all(sys.argv[1])
