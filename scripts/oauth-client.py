#!/usr/bin/env python3
"""Plays a partner's OAuth client with authlib against a running Lango, so the end-to-end tests
check the authorization server with a client library that is not ours.

Reads one JSON request on stdin and prints one JSON answer:
  {"op": "keygen", "alg": "ES256" | "PS256"}
      -> {"private_jwk": {...}, "public_jwks": {"keys": [...]}}
  {"op": "client_credentials", "issuer": URL, "client_id": ID, "scope": "...",
   "method": "client_secret_basic" | "client_secret_post", "client_secret": S}
  {"op": "client_credentials", "issuer": URL, "client_id": ID, "scope": "...",
   "method": "private_key_jwt", "private_jwk": {...}}
      -> {"token": {...}, "claims": {...}, "header": {...}} with the access token verified
         against the server's JWKS (iss, aud = issuer, exp), or {"error": E, "description": D}
  {"op": "revoke", "issuer": URL, "client_id": ID, "client_secret": S}
      -> {"before": introspection, "revoke_status": HTTP status, "after": introspection} for a
         fresh client-credentials token, introspected, revoked (RFC 7009), introspected again
"""
import json
import sys
import time

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from joserfc.jwk import ECKey, RSAKey

from authlib_keys import generate_key


def keygen(request):
    key = generate_key(request["alg"])
    private = key.as_dict(is_private=True)
    private["kid"] = key.thumbprint()
    private["alg"] = request["alg"]
    public = key.as_dict(is_private=False)
    public["kid"] = private["kid"]
    return {"private_jwk": private, "public_jwks": {"keys": [public]}}


def client_credentials(request):
    metadata = requests.get(request["issuer"] + "/.well-known/oauth-authorization-server", timeout=10).json()
    method = request["method"]
    if method == "private_key_jwt":
        jwk = request["private_jwk"]
        # authlib reads a plain JWK as RSA; an EC key has to be handed over as one.
        key = ECKey.import_key(jwk) if jwk["kty"] == "EC" else RSAKey.import_key(jwk)
        session = OAuth2Session(request["client_id"], key, token_endpoint_auth_method="private_key_jwt")
        # FAPI 2.0: the assertion's audience is the issuer, and it lives briefly.
        claims = {"aud": metadata["issuer"], "exp": int(time.time()) + 60}
        session.register_client_auth_method(PrivateKeyJWT(metadata["token_endpoint"], claims=claims, alg=jwk["alg"]))
    else:
        session = OAuth2Session(request["client_id"], request["client_secret"], token_endpoint_auth_method=method)
    try:
        token = session.fetch_token(metadata["token_endpoint"], grant_type="client_credentials", scope=request.get("scope"))
    except OAuthError as error:
        return {"error": error.error, "description": error.description}
    keys = JsonWebKey.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())
    options = {
        "iss": {"essential": True, "value": metadata["issuer"]},
        "aud": {"essential": True, "value": metadata["issuer"]},
        "exp": {"essential": True},
    }
    claims = jwt.decode(token["access_token"], keys, claims_options=options)
    claims.validate()
    return {"token": dict(token), "claims": dict(claims), "header": dict(claims.header)}


def revoke(request):
    metadata = requests.get(request["issuer"] + "/.well-known/oauth-authorization-server", timeout=10).json()
    session = OAuth2Session(request["client_id"], request["client_secret"], token_endpoint_auth_method="client_secret_basic")
    session.revocation_endpoint_auth_method = "client_secret_basic"
    token = session.fetch_token(metadata["token_endpoint"], grant_type="client_credentials")["access_token"]
    before = session.introspect_token(metadata["introspection_endpoint"], token=token).json()
    revoked = session.revoke_token(metadata["revocation_endpoint"], token=token, token_type_hint="access_token")
    after = session.introspect_token(metadata["introspection_endpoint"], token=token).json()
    return {"before": before, "revoke_status": revoked.status_code, "after": after}


operations = {"keygen": keygen, "client_credentials": client_credentials, "revoke": revoke}
request = json.load(sys.stdin)
answer = operations[request["op"]](request)
print(json.dumps(answer))
