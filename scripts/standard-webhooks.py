#!/usr/bin/env python3
"""Checks Lango's webhook signatures with the reference Python library of the Standard Webhooks
specification (`standardwebhooks`), so the tests compare our signing with an implementation
that is not ours.

Reads one JSON request on stdin, {"cases": [...]}, and prints {"answers": [...]}, one answer a case:
  {"op": "verify", "secret": "whsec_…", "headers": {"webhook-id": …, "webhook-timestamp": …,
   "webhook-signature": …}, "body": text}
      -> {"verified": true} or {"verified": false, "error": what the library said}
  {"op": "sign", "secret": "whsec_…", "id": ID, "timestamp": seconds, "body": text}
      -> {"signature": "v1,…"}
The library checks the timestamp against this machine's clock (five minutes either way).
"""
import json
import sys
from datetime import datetime, timezone

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def verify(case):
    try:
        Webhook(case["secret"]).verify(case["body"], case["headers"], json_parse=False)
        return {"verified": True}
    except WebhookVerificationError as error:
        return {"verified": False, "error": str(error)}


def sign(case):
    timestamp = datetime.fromtimestamp(case["timestamp"], tz=timezone.utc)
    return {"signature": Webhook(case["secret"]).sign(case["id"], timestamp, case["body"])}


OPERATIONS = {"verify": verify, "sign": sign}
request = json.load(sys.stdin)
print(json.dumps({"answers": [OPERATIONS[case["op"]](case) for case in request["cases"]]}))
