import json
T = 1772359200000000000
RES = [{"key": "service.version", "value": {"stringValue": "1"}}, {"key": "os.name", "value": {"stringValue": "iOS"}}]
def line(attrs, event="session.start", t=T, res_extra=None, rec_extra=None, dev="d-%d"):
    rec = {"timeUnixNano": str(t), "attributes": attrs}
    if event is not None: rec["eventName"] = event
    if rec_extra: rec.update(rec_extra)
    return {"resourceLogs": [{"resource": {"attributes": RES + (res_extra or [])}, "scopeLogs": [{"scope": {"name": "e"}, "logRecords": [rec]}]}]}
cases = []
def add(desc, obj): cases.append((desc, obj))
dev = lambda n: [{"key": "device.id", "value": {"stringValue": f"dev-{n}"}}]
add("1 stringValue null -> required missing", line([{"key": "session.id", "value": {"stringValue": None}}], res_extra=dev(1)))
add("2 value {} -> required missing", line([{"key": "session.id", "value": {}}], res_extra=dev(2)))
add("3 no value key -> required missing", line([{"key": "session.id"}], res_extra=dev(3)))
add("4 value null -> required missing", line([{"key": "session.id", "value": None}], res_extra=dev(4)))
add("5 empty string -> present, no required-missing", line([{"key": "session.id", "value": {"stringValue": ""}}], res_extra=dev(5)))
add("6 previous_id null -> absent, no equals", line([{"key": "session.id", "value": {"stringValue": "s6"}}, {"key": "session.previous_id", "value": {"stringValue": None}}], res_extra=dev(6)))
add("7 crash_count intValue null on end -> absent no type mismatch", line([{"key": "session.id", "value": {"stringValue": "s6"}}, {"key": "session.crash_count", "value": {"intValue": None}}], event="session.end", t=T + 60 * 10**9, res_extra=dev(6)))
add("8 device.id null on resource -> context missing", line([{"key": "session.id", "value": {"stringValue": "s8"}}], res_extra=[{"key": "device.id", "value": {"stringValue": None}}]))
add("9 eventName empty, event.name attribute -> session.start via attribute (proto3 default)", line([{"key": "event.name", "value": {"stringValue": "session.start"}}, {"key": "session.id", "value": {"stringValue": "s9"}}], event="", res_extra=dev(9)))
add("10 timeUnixNano 0 -> use observedTimeUnixNano", line([{"key": "session.id", "value": {"stringValue": "s10"}}], t=0, res_extra=dev(10), rec_extra={"observedTimeUnixNano": str(T)}))
add("11 timeUnixNano as JSON number", line([{"key": "session.id", "value": {"stringValue": "s11"}}], res_extra=dev(11), rec_extra={"timeUnixNano": T}))
add("12 attributes null", line(None, res_extra=dev(12)))
add("13 snake_case", {"resource_logs": [{"resource": {"attributes": RES + dev(13)}, "scope_logs": [{"scope": {"name": "e"}, "log_records": [{"time_unix_nano": str(T), "event_name": "session.start", "attributes": [{"key": "session.id", "value": {"string_value": "s13"}}]}]}]}]})
add("14 session.id intValue -> type mismatch", line([{"key": "session.id", "value": {"intValue": "14"}}], res_extra=dev(14)))
add("15 both ids empty string -> equals?", line([{"key": "session.id", "value": {"stringValue": ""}}, {"key": "session.previous_id", "value": {"stringValue": ""}}], res_extra=dev(15)))
add("16 session.id on resource null, on record present", line([{"key": "session.id", "value": {"stringValue": "s16"}}], res_extra=dev(16) + [{"key": "session.id", "value": {"stringValue": None}}]))
add("17 user.email null -> absent, no forbidden?", line([{"key": "session.id", "value": {"stringValue": "s17"}}, {"key": "user.email", "value": None}], res_extra=dev(17)))
add("18 user.email {} ", line([{"key": "session.id", "value": {"stringValue": "s18"}}, {"key": "user.email", "value": {}}], res_extra=dev(18)))
add("19 user.email empty string -> present -> forbidden", line([{"key": "session.id", "value": {"stringValue": "s19"}}, {"key": "user.email", "value": {"stringValue": ""}}], res_extra=dev(19)))
add("20 eventName null, event.name attr", line([{"key": "event.name", "value": {"stringValue": "session.start"}}, {"key": "session.id", "value": {"stringValue": "s20"}}], event=None, res_extra=dev(20), rec_extra={"eventName": None}))
add("21 arrayValue values null", line([{"key": "session.id", "value": {"stringValue": "s21"}}, {"key": "os.name", "value": {"arrayValue": {"values": None}}}], res_extra=dev(21)))
add("22 kvlist null value inside body", line([{"key": "session.id", "value": {"stringValue": "s22"}}], res_extra=dev(22), rec_extra={"body": {"kvlistValue": {"values": [{"key": "user.email", "value": None}, {"key": "email", "value": {"stringValue": "a@b.co"}}]}}}))
add("23 duplicate attribute key: null then value", line([{"key": "session.id", "value": {"stringValue": None}}, {"key": "session.id", "value": {"stringValue": "s23"}}], res_extra=dev(23)))
add("24 observedTime only (no timeUnixNano)", line([{"key": "session.id", "value": {"stringValue": "s24"}}], res_extra=dev(24), rec_extra={"observedTimeUnixNano": str(T)}))
with open("edge.ndjson", "w") as f, open("edge.txt", "w") as g:
    for i, (d, o) in enumerate(cases):
        if i == 23: o["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0].pop("timeUnixNano")
        if i == 19: pass
        f.write(json.dumps(o) + "\n"); g.write(f"line {i+1}: {d}\n")
