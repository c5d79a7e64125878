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
  {"op": "code_flow", "issuer": URL, "client_id": ID, "client_secret": S, "redirect_uri": U,
   "scope": "...", "customer": C, "password": P, "pushed": bool}
      -> what each step gave: the authorization pages driven over HTTP like a browser (login,
         one-time code, approve), the code exchanged with PKCE, the ID token and access token
         verified against the JWKS, userinfo, a refresh, then reuse of the old refresh token,
         the new one after that, and a replay of the code
  {"op": "consent_flow", "issuer": URL, "client_id": ID, "client_secret": S, "redirect_uri": U,
   "customer": C, "password": P, "consent": OBReadConsent1 body, "select": [index, ...],
   "pushed": bool, "intent_id": ID (optional: another consent id to ask for),
   "scope": "accounts" | "payments", "consent_path": path, "headers": {...} (optional: a
   payment consent instead, posted with extra headers such as x-idempotency-key),
   "private_jwk": {...} (optional: a private_key_jwt client instead of a secret one),
   "request_object": bool (the request signed as a request object with private_jwk, or with
   "request_object_jwk" when given), "decision": "approve" (the default) | "deny",
   "also_post": [account id, ...] (optional: posted with the ticked ones though not offered)}
      -> a partner's OBIE consent journey: a client-credentials token, the consent
         created with it, the customer sent to authorize with the consent id in the `claims`
         parameter, logged in with the one-time code, the accounts at `select` ticked on the
         decision page, Allow or Deny pressed, the code exchanged; with the tokens, the
         consent's answers and what the decision page offered. When the server sends the
         browser back to the client (at authorize, or after the decision) the answer has
         `authorize_redirect` or `redirect`: the address's base and query; when the decision
         page is shown again instead, its `notice`
  {"op": "dashboard", "issuer": URL, "customer": C, "password": P, "withdraw": consent id or null}
      -> the customer's consents page: signed in with the one-time code, the consents listed
         (id, status, the dates line: granted, until, transaction window; last use), a withdrawal with a forged form token, then the real one, then
         signing out; with each page's status and what it listed
  {"op": "authorize_errors", "issuer": URL, "client_id": ID, "redirect_uri": U}
      -> how the authorization endpoint answers faulty requests (status and redirect query)
  {"op": "revoke", "issuer": URL, "client_id": ID, "client_secret": S}
      -> {"before": introspection, "revoke_status": HTTP status, "after": introspection} for a
         fresh client-credentials token, introspected, revoked (RFC 7009), introspected again
"""
import json
import re
import sys
import time
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.common.security import generate_token
from authlib.oidc.core import CodeIDToken
from joserfc import jwt as joserfc_jwt
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


def private_key(jwk):
    # authlib reads a plain JWK as RSA; an EC key has to be handed over as one.
    return ECKey.import_key(jwk) if jwk["kty"] == "EC" else RSAKey.import_key(jwk)


def client_session(request, metadata, method="client_secret_basic", **kwargs):
    """The client's OAuth2Session: with its secret by `method`, or, when the request names a
    private JWK, authenticating with private_key_jwt assertions signed by it."""
    jwk = request.get("private_jwk")
    if not jwk:
        return OAuth2Session(request["client_id"], request["client_secret"], token_endpoint_auth_method=method, **kwargs)
    session = OAuth2Session(request["client_id"], private_key(jwk), token_endpoint_auth_method="private_key_jwt", **kwargs)
    session.register_client_auth_method(PrivateKeyJWT(metadata["token_endpoint"], claims=assertion_claims(metadata), alg=jwk["alg"]))
    return session


def assertion_claims(metadata):
    # FAPI 2.0: the assertion's audience is the issuer, and it lives briefly.
    return {"aud": metadata["issuer"], "exp": int(time.time()) + 60}


def client_credentials(request):
    metadata = requests.get(request["issuer"] + "/.well-known/oauth-authorization-server", timeout=10).json()
    session = client_session(request, metadata, request["method"])
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


class FormReader(HTMLParser):
    """The forms of a page: action, fields (hidden ones with their values), submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.texts = {}
        self.checkboxes = []
        self._current_id = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "fields": {}, "buttons": []})
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            self.checkboxes.append((attrs["name"], attrs["value"]))
        elif tag == "input" and self.forms:
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "button" and self.forms and "name" in attrs:
            self.forms[-1]["buttons"].append((attrs["name"], attrs["value"]))
        if "id" in attrs:
            self._current_id = attrs["id"]
            self.texts.setdefault(attrs["id"], "")

    def handle_data(self, data):
        if self._current_id:
            self.texts[self._current_id] += data

    def handle_endtag(self, tag):
        self._current_id = None


def read_page(response):
    reader = FormReader()
    reader.feed(response.text)
    return reader


def submit(browser, response, values, follow=True, ticked=()):
    """Posts the page's first form with `values` over its hidden fields, and the checkboxes `ticked`."""
    page = read_page(response)
    form = page.forms[0]
    fields = {name: value for name, value in form["fields"].items() if value}
    fields.update(values)
    data = list(fields.items()) + list(ticked)
    return browser.post(urljoin(response.url, form["action"]), data=data, allow_redirects=follow, timeout=10)


def log_in(browser, login, customer, password):
    """Logs the customer in on the authorization pages from the `login` page; returns the
    decision page."""
    code_page = submit(browser, login, {"customer_id": customer, "password": password})
    one_time_code = read_page(code_page).texts.get("one-time-code", "").strip()
    return submit(browser, code_page, {"code": one_time_code})


def start_authorization(metadata, session, request, scope, state, nonce, verifier, claims=None):
    """The URL that sends the customer to authorize: the parameters in it, or (request["pushed"])
    pushed first (RFC 9126) and referred to by request_uri; with request["request_object"], the
    parameters go in a request object (RFC 9101) signed with the client's private JWK. Answers
    (url, None), or (None, what the pushed request endpoint refused)."""
    parameters = {
        "client_id": request["client_id"], "response_type": "code", "redirect_uri": request["redirect_uri"],
        "scope": scope, "state": state, "nonce": nonce,
        "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256",
    }
    if request.get("request_object"):
        parameters = {"client_id": request["client_id"], "request": request_object(metadata, request, dict(parameters, claims=claims))}
    elif claims:
        parameters["claims"] = json.dumps(claims)
    if not request.get("pushed"):
        if request.get("request_object"):
            # OpenID Connect also wants response_type and scope outside; the server reads only the object.
            outside = dict(parameters, response_type="code", scope="openid")
            return requests.Request("GET", metadata["authorization_endpoint"], params=outside).prepare().url, None
        url, _ = session.create_authorization_url(
            metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier,
            **({"claims": parameters["claims"]} if claims else {}))
        return url, None
    if request.get("private_jwk"):
        jwk = request["private_jwk"]
        assertion = private_key_jwt_sign(
            private_key(jwk), request["client_id"], metadata["token_endpoint"], alg=jwk["alg"], claims=assertion_claims(metadata))
        pushed = requests.post(
            metadata["pushed_authorization_request_endpoint"], timeout=10, data=dict(
                parameters, client_assertion_type="urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                client_assertion=assertion.decode() if isinstance(assertion, bytes) else assertion))
    else:
        pushed = requests.post(
            metadata["pushed_authorization_request_endpoint"], auth=(request["client_id"], request["client_secret"]),
            data=parameters, timeout=10)
    if pushed.status_code != 201:
        return None, {"error": "par", "status": pushed.status_code, "body": pushed.text}
    url = requests.Request(
        "GET", metadata["authorization_endpoint"],
        params={"client_id": request["client_id"], "request_uri": pushed.json()["request_uri"]}).prepare().url
    return url, None


def request_object(metadata, request, parameters):
    """The authorization request as a JWT signed with the client's private JWK (RFC 9101)."""
    jwk = request.get("request_object_jwk", request["private_jwk"])
    now = int(time.time())
    payload = dict({key: value for key, value in parameters.items() if value is not None},
                   iss=request["client_id"], aud=metadata["issuer"], nbf=now, exp=now + 300, jti=generate_token(16))
    header = {"alg": jwk["alg"], "kid": jwk["kid"], "typ": "oauth-authz-req+jwt"}
    return joserfc_jwt.encode(header, payload, private_key(jwk), algorithms=[jwk["alg"]])


def code_flow(request):
    metadata = requests.get(request["issuer"] + "/.well-known/openid-configuration", timeout=10).json()
    session = OAuth2Session(
        request["client_id"], request["client_secret"], token_endpoint_auth_method="client_secret_basic",
        redirect_uri=request["redirect_uri"], scope=request["scope"], code_challenge_method="S256")
    verifier = generate_token(64)
    nonce = generate_token(16)
    state = generate_token(16)
    authorization_url, refused = start_authorization(metadata, session, request, request["scope"], state, nonce, verifier)
    if refused:
        return refused

    browser = requests.Session()
    steps = {}
    login = browser.get(authorization_url, timeout=10)
    steps["login_status"] = login.status_code
    wrong = submit(browser, login, {"customer_id": request["customer"], "password": "not-the-password"})
    steps["wrong_password_notice"] = read_page(wrong).texts.get("notice", "")
    code_page = submit(browser, wrong, {"customer_id": request["customer"], "password": request["password"]})
    one_time_code = read_page(code_page).texts.get("one-time-code", "").strip()
    steps["one_time_code_shown"] = bool(re.fullmatch(r"[0-9]{6}", one_time_code))
    decision = submit(browser, code_page, {"code": one_time_code})
    decision_page = read_page(decision)
    steps["decision_buttons"] = decision_page.forms[0]["buttons"] if decision_page.forms else []
    steps["decision_text"] = decision.text
    approved = submit(browser, decision, {"decision": "approve"}, follow=False)
    location = approved.headers.get("Location", "")
    answer = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    steps["redirect_status"] = approved.status_code
    steps["redirect_base"] = location.split("?")[0]
    steps["redirect_query"] = answer
    if answer.get("state") != state or "code" not in answer:
        return {"steps": steps, "error": "no code"}

    token = session.fetch_token(metadata["token_endpoint"], authorization_response=location, code_verifier=verifier, state=state)
    keys = JsonWebKey.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())
    id_claims = jwt.decode(
        token["id_token"], keys, claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": metadata["issuer"]}},
        claims_params={"nonce": nonce, "client_id": request["client_id"]})
    id_claims.validate()
    access_claims = jwt.decode(
        token["access_token"], keys,
        claims_options={"iss": {"essential": True, "value": metadata["issuer"]}, "aud": {"essential": True, "value": metadata["issuer"]}})
    access_claims.validate()
    steps["id_token"] = dict(id_claims)
    steps["access_token"] = dict(access_claims)
    steps["userinfo"] = session.get(metadata["userinfo_endpoint"], timeout=10).json()

    first_refresh = token["refresh_token"]
    refreshed = session.refresh_token(metadata["token_endpoint"], refresh_token=first_refresh)
    steps["refreshed_scope"] = refreshed.get("scope")
    steps["refresh_rotated"] = refreshed["refresh_token"] != first_refresh

    def refresh_error(refresh_token):
        try:
            session.refresh_token(metadata["token_endpoint"], refresh_token=refresh_token)
            return None
        except OAuthError as error:
            return error.error

    steps["old_refresh_reused"] = refresh_error(first_refresh)
    steps["new_refresh_after_reuse"] = refresh_error(refreshed["refresh_token"])
    replay = requests.post(
        metadata["token_endpoint"], auth=(request["client_id"], request["client_secret"]),
        data={"grant_type": "authorization_code", "code": answer["code"], "redirect_uri": request["redirect_uri"], "code_verifier": verifier},
        timeout=10)
    steps["code_replay"] = {"status": replay.status_code, "body": replay.json()}
    steps["introspect_after"] = session.introspect_token(metadata["introspection_endpoint"], token=refreshed["access_token"]).json()
    return {"steps": steps}


def consent_flow(request):
    metadata = requests.get(request["issuer"] + "/.well-known/openid-configuration", timeout=10).json()
    client = client_session(request, metadata)
    scope = request.get("scope", "accounts")
    client_token = client.fetch_token(metadata["token_endpoint"], grant_type="client_credentials", scope=scope)["access_token"]
    created = requests.post(
        request["issuer"] + request.get("consent_path", "/open-banking/v3.1/aisp/account-access-consents"), json=request["consent"],
        headers=dict(request.get("headers", {}), Authorization="Bearer " + client_token), timeout=10)
    answer = {"client_token": client_token, "created_status": created.status_code, "created": created.json()}
    if created.status_code != 201:
        return answer
    consent_id = created.json()["Data"]["ConsentId"]

    session = client_session(request, metadata, redirect_uri=request["redirect_uri"], scope="openid " + scope, code_challenge_method="S256")
    verifier = generate_token(64)
    state = generate_token(16)
    claims = {"id_token": {"openbanking_intent_id": {"value": request.get("intent_id", consent_id), "essential": True}}}
    authorization_url, refused = start_authorization(
        metadata, session, request, "openid " + scope, state, generate_token(16), verifier, claims)
    if refused:
        answer.update(refused)
        return answer
    browser = requests.Session()
    started = browser.get(authorization_url, allow_redirects=False, timeout=10)
    sent_back = sent_to_client(started, request["redirect_uri"])
    if sent_back:
        answer["authorize_redirect"] = sent_back
        return answer
    login = browser.get(urljoin(started.url, started.headers["Location"]), timeout=10) if started.is_redirect else started
    if login.status_code != 200:
        answer.update(authorize_status=login.status_code, authorize_text=login.text)
        return answer
    decision = log_in(browser, login, request["customer"], request["password"])
    offered = [value for name, value in read_page(decision).checkboxes if name == "account"]
    answer["decision_status"] = decision.status_code
    answer["decision_text"] = decision.text
    answer["offered"] = offered
    ticked = [("account", offered[index]) for index in request["select"]] + [("account", id) for id in request.get("also_post", [])]
    decided = submit(browser, decision, {"decision": request.get("decision", "approve")}, follow=False, ticked=ticked)
    sent_back = sent_to_client(decided, request["redirect_uri"])
    if not sent_back:
        shown = browser.get(urljoin(decided.url, decided.headers["Location"]), timeout=10) if decided.is_redirect else decided
        answer.update(error="no code (status %d)" % decided.status_code, notice=read_page(shown).texts.get("notice", ""))
        return answer
    answer["redirect"] = sent_back
    query = sent_back["query"]
    if query.get("state") != state or "code" not in query:
        answer["error"] = query.get("error", "no code")
        return answer
    token = session.fetch_token(
        metadata["token_endpoint"], authorization_response=decided.headers["Location"], code_verifier=verifier, state=state)
    keys = JsonWebKey.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())
    answer["access_claims"] = dict(jwt.decode(token["access_token"], keys))
    answer["access_token"] = token["access_token"]
    answer["refresh_token"] = token["refresh_token"]
    return answer


def sent_to_client(response, redirect_uri):
    """Where `response` sends the browser back to the client, if it does: the address's base and query."""
    location = response.headers.get("Location", "") if response.is_redirect else ""
    if not location.startswith(redirect_uri):
        return None
    return {"base": location.split("?")[0], "query": {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}}


CONSENT_SECTION = re.compile(
    r'<section class="consent" id="([^"]+)" data-status="([^"]*)">.*?<p class="dates">(.*?) Last used: <span class="last-used">([^<]*)</span>',
    re.DOTALL)


def listed_consents(response):
    return [{"id": id, "status": status, "dates": dates, "last_used": last_used}
            for id, status, dates, last_used in CONSENT_SECTION.findall(response.text)]


def dashboard(request):
    browser = requests.Session()
    page = log_in(browser, browser.get(request["issuer"] + "/customer/consents", timeout=10), request["customer"], request["password"])
    answer = {"status": page.status_code, "path": urlsplit(page.url).path, "text": page.text, "consents": listed_consents(page)}
    if request.get("withdraw"):
        form = next(f for f in read_page(page).forms if f["action"].endswith("/" + request["withdraw"] + "/withdraw"))
        forged = browser.post(urljoin(page.url, form["action"]), data={"form_token": "forged"}, timeout=10)
        answer["forged_status"] = forged.status_code
        withdrawn = browser.post(urljoin(page.url, form["action"]), data=form["fields"], timeout=10)
        answer["withdrawn_status"] = withdrawn.status_code
        answer["withdrawn_notice"] = read_page(withdrawn).texts.get("notice", "")
        answer["withdrawn_consents"] = listed_consents(withdrawn)
        page = withdrawn
    sign_out = next(f for f in read_page(page).forms if f["action"] == "/customer/sign-out")
    signed_out = browser.post(urljoin(page.url, sign_out["action"]), data=sign_out["fields"], timeout=10)
    answer["signed_out_shows_login"] = any(f["action"] == "/oauth2/authorize/login" for f in read_page(signed_out).forms)
    return answer


def authorize_errors(request):
    metadata = requests.get(request["issuer"] + "/.well-known/openid-configuration", timeout=10).json()
    challenge = create_s256_code_challenge(generate_token(64))
    base = {
        "client_id": request["client_id"], "response_type": "code", "redirect_uri": request["redirect_uri"],
        "scope": "openid accounts", "state": "s1", "code_challenge": challenge, "code_challenge_method": "S256",
    }
    cases = {
        "pkce_missing": {k: v for k, v in base.items() if k not in ("code_challenge", "code_challenge_method")},
        "pkce_plain": dict(base, code_challenge_method="plain", code_challenge=generate_token(64)),
        "redirect_mismatch": dict(base, redirect_uri="https://attacker.example/cb"),
        "unknown_client": dict(base, client_id="app_nobody"),
    }
    answers = {}
    for name, params in cases.items():
        response = requests.get(metadata["authorization_endpoint"], params=params, allow_redirects=False, timeout=10)
        location = response.headers.get("Location", "")
        answers[name] = {
            "status": response.status_code,
            "redirect_base": location.split("?")[0],
            "query": {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()},
            "page_error": read_page(response).texts.get("error", "") if response.status_code == 400 else "",
        }
    return answers


operations = {
    "keygen": keygen, "client_credentials": client_credentials, "revoke": revoke, "code_flow": code_flow,
    "authorize_errors": authorize_errors, "consent_flow": consent_flow, "dashboard": dashboard,
}
request = json.load(sys.stdin)
answer = operations[request["op"]](request)
print(json.dumps(answer))
