#!/usr/bin/env python3
"""Makes and checks JWTs with Python's authlib, so Lango's tests can check LangoJOSE against an
implementation that is not ours. (authlib.jose warns on stderr that joserfc succeeds it; the
API used here is still supported.)

Reads one JSON request per line on stdin and answers each with one JSON line:
  {"op": "verify", "token": T, "jwks": {...}, "iss": I, "aud": A}
      -> {"claims": {...}} or {"error": "..."}
  {"op": "sign", "alg": "ES256" | "PS256", "header": {...}, "claims": {...}}
      -> {"token": T, "jwks": {"keys": [public key]}} from a fresh key
"""
import json
import sys

from authlib.jose import JsonWebKey, JsonWebToken
from authlib.jose.errors import JoseError

from authlib_keys import generate_key

jwt = JsonWebToken(["ES256", "PS256"])


def verify(request):
    try:
        keys = JsonWebKey.import_key_set(request["jwks"])
        options = {"iss": {"essential": True, "value": request["iss"]}, "aud": {"essential": True, "value": request["aud"]},
                   "exp": {"essential": True}}
        claims = jwt.decode(request["token"], keys, claims_options=options)
        claims.validate()
        return {"claims": dict(claims), "header": dict(claims.header)}
    except (JoseError, ValueError) as error:
        return {"error": f"{type(error).__name__}: {error}"}


def sign(request):
    key = generate_key(request["alg"])
    public = key.as_dict(is_private=False)
    public["kid"] = key.thumbprint()
    header = dict(request.get("header", {}), alg=request["alg"], kid=public["kid"])
    token = jwt.encode(header, request["claims"], key).decode()
    return {"token": token, "jwks": {"keys": [public]}}


for line in sys.stdin:
    if line.strip():
        request = json.loads(line)
        answer = verify(request) if request["op"] == "verify" else sign(request)
        print(json.dumps(answer), flush=True)
