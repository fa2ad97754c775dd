#!/usr/bin/env python3
"""Deterministic large Grafana Alloy config for the config-lint benchmark: faro.receiver → loki.process pipelines
(logfmt/json extraction, labels, structured metadata, match, template, metrics) → loki.write, repeated until SIZE_MB.
Usage: generate_alloy.py SIZE_MB [--output FILE]"""
import argparse
import sys

PIPELINE = '''
faro.receiver "app_{n}" {{
  server {{
    listen_address = "0.0.0.0"
    listen_port    = {port}
  }}
  extra_log_labels = {{ app = "shop-{n}" }}
  output {{
    logs = [loki.process.app_{n}.receiver]
  }}
}}

// Pipeline {n}: parse, label bounded fields, keep ids as structured metadata.
loki.process "app_{n}" {{
  forward_to = [loki.write.default.receiver]

  stage.logfmt {{
    mapping = {{
      kind         = "kind",
      app_name     = "app_name",
      session_id   = "session_id",
      browser_name = "browser_name",
      page_url     = "page_url",
    }}
  }}

  stage.json {{
    expressions = {{ level = "level", status = "response.status", duration = "timing.duration" }}
  }}

  stage.labels {{
    values = {{ kind = "", app_name = "", level = "" }}
  }}

  stage.structured_metadata {{
    values = {{ session_id = "" }}
  }}

  stage.match {{
    selector = "{{kind=\\"exception\\"}}"
    stage.static_labels {{
      values = {{ severity = "error" }}
    }}
  }}

  stage.template {{
    source   = "page_hash"
    template = "{{{{ .page_url | sha256 }}}}"
  }}

  stage.metrics {{
    metric.counter {{
      name        = "app_{n}_events_total"
      description = "Events seen by pipeline {n}."
      match_all   = true
      action      = "inc"
    }}
    metric.histogram {{
      name    = "app_{n}_request_duration_seconds"
      source  = "duration"
      buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    }}
  }}
}}
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size_mb", type=float)
    parser.add_argument("--output", default="-")
    args = parser.parse_args()
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    out.write('loki.write "default" {\n  endpoint {\n    url = "http://loki:3100/loki/api/v1/push"\n  }\n}\n')
    written, n = 0, 0
    while written < args.size_mb * 1024 * 1024:
        text = PIPELINE.format(n=n, port=10000 + n % 50000)
        out.write(text)
        written += len(text)
        n += 1


if __name__ == "__main__":
    main()
